import { EmptyState } from '../../shared/states';

export function ReviewsPage() {
  return <EmptyState />;
}
