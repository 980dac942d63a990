import { EmptyState } from '../../shared/states';

export function TablePage() {
  return <EmptyState />;
}
