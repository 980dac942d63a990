import { EmptyState } from '../../shared/states';

export function SheetEditorPage() {
  return <EmptyState />;
}
