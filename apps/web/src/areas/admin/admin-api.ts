import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SignOffChain } from '@budget/domain';
import { request } from '../../api/http';

/** Response types of intake and review admin routes (hand-written until the generated client). */
export interface OrgUnit {
  readonly unitId: string;
  readonly departmentId: string;
  readonly name: string;
  readonly position: number;
}

export interface OrgDepartment {
  readonly departmentId: string;
  readonly name: string;
  readonly version: number;
  readonly units: readonly OrgUnit[];
}

export interface ImportSummary {
  readonly importId: string;
  readonly fiscalYear: number;
  readonly department: { readonly departmentId: string; readonly name: string; readonly created: boolean };
  readonly units: readonly { readonly unitId: string; readonly name: string; readonly total: string; readonly projectCount: number; readonly created: boolean }[];
  readonly grandTotal: string;
  readonly projects: { readonly read: number; readonly created: number; readonly alreadyPresent: number };
  readonly sheets: readonly { readonly sheetId: string; readonly unit: string; readonly projectName: string; readonly total: string; readonly outcome: string }[];
  readonly issues: readonly { readonly line: number | null; readonly code: string; readonly message: string }[];
}

export interface WebhookInput {
  readonly url: string;
  readonly secret: string;
  readonly departmentId?: string;
  readonly kinds?: readonly string[];
  readonly active?: boolean;
  readonly description?: string;
}

export interface WebhookDeadLetter {
  readonly id: string;
  readonly subscriptionId: string;
  readonly url: string;
  readonly kind: string;
  readonly title: string;
  readonly attempts: number;
  readonly error: string;
  readonly failedAt: string;
}

const ORG_KEY = ['intake', 'departments'] as const;

export function useOrganisations() {
  return useQuery({ queryKey: ORG_KEY, queryFn: () => request<{ items: OrgDepartment[] }>('intake', '/departments'), select: (d) => d.items });
}

export function useImportTable() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ fiscalYear, text }: { fiscalYear: number; text: string }) => request<ImportSummary>('intake', '/imports', { method: 'POST', query: { fiscalYear }, text }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ORG_KEY });
      void client.invalidateQueries({ queryKey: ['reporting'] });
    },
  });
}

export function useCreateDepartment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => request<OrgDepartment>('intake', '/departments', { method: 'POST', json: { name } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ORG_KEY }),
  });
}

export function useAddUnit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ departmentId, name }: { departmentId: string; name: string }) =>
      request<OrgDepartment>('intake', `/departments/${encodeURIComponent(departmentId)}/units`, { method: 'POST', json: { name } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ORG_KEY }),
  });
}

export function useSignOffChain(departmentId: string | undefined) {
  return useQuery({
    queryKey: ['review', 'chain', departmentId],
    queryFn: () => request<{ departmentId: string; chain: SignOffChain }>('review', `/departments/${encodeURIComponent(departmentId ?? '')}/sign-off-chain`),
    enabled: departmentId !== undefined,
  });
}

export function useSaveSignOffChain(departmentId: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (chain: SignOffChain) =>
      request<{ departmentId: string; chain: SignOffChain }>('review', `/departments/${encodeURIComponent(departmentId ?? '')}/sign-off-chain`, { method: 'PUT', json: { chain } }),
    onSuccess: (data) => client.setQueryData(['review', 'chain', departmentId], data),
  });
}

export function useSaveWebhook() {
  return useMutation({
    mutationFn: ({ id, ...body }: WebhookInput & { id: string }) => request<unknown>('review', `/webhooks/${encodeURIComponent(id)}`, { method: 'PUT', json: body }),
  });
}

export function useWebhookDeadLetters() {
  return useQuery({
    queryKey: ['review', 'webhook-dead-letters'],
    queryFn: () => request<{ items: WebhookDeadLetter[] }>('review', '/webhooks/dead-letters'),
    select: (d) => d.items,
  });
}

export function useRetryDeadLetter() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request<unknown>('review', `/webhooks/dead-letters/${encodeURIComponent(id)}/retry`, { method: 'POST' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['review', 'webhook-dead-letters'] }),
  });
}
