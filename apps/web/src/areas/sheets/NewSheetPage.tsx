import { EmptyState } from '../../shared/states';

export function NewSheetPage() {
  return <EmptyState />;
}
