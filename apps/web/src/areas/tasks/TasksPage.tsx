import { EmptyState } from '../../shared/states';

export function TasksPage() {
  return <EmptyState />;
}
