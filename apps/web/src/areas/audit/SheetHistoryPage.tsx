import { EmptyState } from '../../shared/states';

export function SheetHistoryPage() {
  return <EmptyState />;
}
