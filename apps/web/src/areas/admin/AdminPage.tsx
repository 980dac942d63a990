import { EmptyState } from '../../shared/states';

export function AdminPage() {
  return <EmptyState />;
}
