import { EmptyState } from '../../shared/states';

export function AuditPage() {
  return <EmptyState />;
}
