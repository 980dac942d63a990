import { EmptyState } from '../../shared/states';

export function ReviewPage() {
  return <EmptyState />;
}
