import { EmptyState } from '../../shared/states';

export function SheetsPage() {
  return <EmptyState />;
}
