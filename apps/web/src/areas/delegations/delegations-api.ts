import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Routes } from '@budget/contracts';
import { type AnswerOf, type BodyOf, api } from '../../api/client';
import { TASKS_KEY } from '../review/review-api';

/** An entry of GET /delegations. */
export type DelegationItem = AnswerOf<'review', 'listDelegations'>['items'][number];
export type GrantInput = BodyOf<Routes['review']['grantDelegation']>;

export const DELEGATIONS_KEY = ['delegations'] as const;

/** The delegations I gave and received (an admin or auditor: all those they may read). */
export function useDelegations() {
  return useQuery({ queryKey: DELEGATIONS_KEY, queryFn: ({ signal }) => api.delegations.list({ signal }) });
}

function useDelegationWrite<V>(write: (v: V) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSettled: async () => {
      await Promise.all([client.invalidateQueries({ queryKey: DELEGATIONS_KEY }), client.invalidateQueries({ queryKey: TASKS_KEY })]);
    },
  });
}

export function useGrantDelegation() {
  return useDelegationWrite((body: GrantInput) => api.delegations.grant({ body }));
}

export function useRevokeDelegation() {
  return useDelegationWrite(({ delegationId, reason }: { delegationId: string; reason: string }) => api.delegations.revoke({ delegationId, body: { reason } }));
}
