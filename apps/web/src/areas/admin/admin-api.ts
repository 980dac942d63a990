import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Routes } from '@budget/contracts';
import type { SignOffChain } from '@budget/domain';
import { type AnswerOf, api, type BodyOf } from '../../api/client';

/** A department and its units, as GET /departments of intake lists them. */
export type OrgDepartment = AnswerOf<'intake', 'listDepartments'>['items'][number];
export type OrgUnit = OrgDepartment['units'][number];
/** What POST /imports answers: the department, units, projects and the parser's issues. */
export type ImportSummary = AnswerOf<'intake', 'importTable'>;
export type SignOffChainView = AnswerOf<'review', 'getSignOffChain'>;
export type WebhookInput = BodyOf<Routes['review']['putWebhook']>;
export type WebhookDeadLetter = AnswerOf<'review', 'webhookDeadLetters'>['items'][number];

const ORG_KEY = ['intake', 'departments'] as const;
const chainKey = (departmentId: string | undefined) => ['review', 'chain', departmentId] as const;
const DEAD_LETTERS_KEY = ['review', 'webhook-dead-letters'] as const;

export function useOrganisations() {
  return useQuery({ queryKey: ORG_KEY, queryFn: ({ signal }) => api.departments.list({ signal }), select: (d) => d.items });
}

export function useImportTable() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ fiscalYear, text }: { fiscalYear: number; text: string }) => api.imports.create({ query: { fiscalYear: String(fiscalYear) }, body: text }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ORG_KEY });
      void client.invalidateQueries({ queryKey: ['reporting'] });
    },
  });
}

export function useCreateDepartment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.departments.register({ body: { name } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ORG_KEY }),
  });
}

export function useAddUnit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ departmentId, name }: { departmentId: string; name: string }) => api.departments.addUnit({ departmentId, body: { name } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ORG_KEY }),
  });
}

export function useSignOffChain(departmentId: string | undefined) {
  return useQuery({
    queryKey: chainKey(departmentId),
    queryFn: ({ signal }) => api.departments.signOffChain({ departmentId: departmentId ?? '', signal }),
    enabled: departmentId !== undefined,
  });
}

export function useSaveSignOffChain(departmentId: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (chain: SignOffChain) =>
      api.departments.setSignOffChain({ departmentId: departmentId ?? '', body: { chain: [...chain] } }),
    onSuccess: (data) => client.setQueryData(chainKey(departmentId), data),
  });
}

export function useSaveWebhook() {
  return useMutation({
    mutationFn: ({ id, ...body }: WebhookInput & { id: string }) => api.admin.putWebhook({ id, body }),
  });
}

export function useWebhookDeadLetters() {
  return useQuery({
    queryKey: DEAD_LETTERS_KEY,
    queryFn: ({ signal }) => api.admin.webhookDeadLetters({ signal }),
    select: (d) => d.items,
  });
}

export function useRetryDeadLetter() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.admin.retryWebhookDeadLetter({ id }),
    onSuccess: () => void client.invalidateQueries({ queryKey: DEAD_LETTERS_KEY }),
  });
}

export type LocalCalendarYear = AnswerOf<'review', 'getLocalCalendar'>;
export type LocalCalendarDay = LocalCalendarYear['days'][number];
export type LocalDayInput = BodyOf<Routes['review']['setLocalCalendarDay']>;
const calendarKey = (year: number) => ['review', 'calendar', year] as const;

/** GET /calendar?year=: the region's year of working days, its published years and its local days. */
export function useLocalCalendar(year: number) {
  return useQuery({ queryKey: calendarKey(year), queryFn: ({ signal }) => api.admin.calendar({ query: { year: String(year) }, signal }) });
}

/** Sets or clears one local day; the answer is the year as it now stands. */
export function useChangeCalendarDay(year: number) {
  const client = useQueryClient();
  const keep = (answer: LocalCalendarYear) => {
    if (answer.year === year) client.setQueryData(calendarKey(year), answer);
    void client.invalidateQueries({ queryKey: ['review', 'calendar'] });
  };
  return {
    set: useMutation({ mutationFn: ({ date, ...body }: LocalDayInput & { date: string }) => api.admin.setCalendarDay({ date, body }), onSuccess: keep }),
    clear: useMutation({ mutationFn: ({ date, reason }: { date: string; reason: string }) => api.admin.clearCalendarDay({ date, body: { reason } }), onSuccess: keep }),
  };
}
