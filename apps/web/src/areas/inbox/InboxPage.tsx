import { EmptyState } from '../../shared/states';

export function InboxPage() {
  return <EmptyState />;
}
