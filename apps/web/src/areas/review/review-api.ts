import type { ExistingReview, ReviewGrade, ReviewRef, RevisionComment, Severity, SignOffLevel, SignOffRole } from '@budget/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/http';
import { INBOX_KEY } from '../inbox/inbox-api';

/** GET /reviews/:id: the recorded review (domain state) plus what the service adds for reviewers. */
export type ReviewDetail = ExistingReview & {
  readonly version: number;
  readonly currentLevelName: string | null;
  readonly currentRole: SignOffRole | null;
  /** 万元 text. */
  readonly total: string;
  readonly open: { readonly unacknowledgedWarnings: readonly string[]; readonly unwaivedBlockingFindings: readonly string[] };
};

/** An entry of GET /tasks and GET /reviews. */
export interface ReviewSummary extends ReviewRef {
  readonly total: string;
  readonly status: ExistingReview['status'];
  readonly currentLevel: SignOffLevel | null;
  readonly currentLevelName: string | null;
  readonly dueAt: string | null;
  readonly version: number;
  readonly findings: readonly {
    readonly key: string;
    readonly ruleId: string;
    readonly severity: Severity;
    readonly field: string;
    readonly message: string;
    readonly waiver: string | null;
  }[];
  readonly open: ReviewDetail['open'];
}

export const REVIEW_STATUSES = ['awaiting_level', 'revision_requested', 'approved', 'rejected', 'cancelled'] as const;

export const REVIEWS_KEY = ['reviews'] as const;
export const TASKS_KEY = ['review-tasks'] as const;
const reviewKey = (id: string) => ['review', id] as const;

export function useReviewTasks(enabled = true) {
  return useQuery({ queryKey: TASKS_KEY, queryFn: () => request<{ items: ReviewSummary[] }>('review', '/tasks'), enabled });
}

export function useReviews(filter: { status?: string; sheetId?: string }) {
  return useQuery({
    queryKey: [...REVIEWS_KEY, filter],
    queryFn: () => request<{ items: ReviewSummary[] }>('review', '/reviews', { query: { status: filter.status, sheetId: filter.sheetId } }),
  });
}

export function useReview(reviewId: string) {
  return useQuery({ queryKey: reviewKey(reviewId), queryFn: () => request<ReviewDetail>('review', `/reviews/${encodeURIComponent(reviewId)}`) });
}

/**
 * The review of the submission before this one (for "what changed": the service records which
 * fields changed, the previous review holds their old values). Null on a first submission.
 */
export function usePreviousReview(review: ReviewDetail | undefined) {
  const wanted = review !== undefined && review.changesSincePrevious !== null;
  return useQuery({
    queryKey: ['review-previous', review?.reviewId],
    enabled: wanted,
    queryFn: async (): Promise<ReviewDetail | null> => {
      if (!review) return null;
      const { items } = await request<{ items: ReviewSummary[] }>('review', '/reviews', { query: { sheetId: review.sheetId } });
      const earlier = items.filter((r) => r.submissionNo < review.submissionNo).sort((a, b) => b.submissionNo - a.submissionNo)[0];
      if (!earlier) return null;
      return request<ReviewDetail>('review', `/reviews/${encodeURIComponent(earlier.reviewId)}`);
    },
  });
}

export type ReviewAction =
  | { readonly kind: 'acknowledge'; readonly findingKeys?: readonly string[] }
  | { readonly kind: 'waive'; readonly findingKeys: readonly string[]; readonly grant: boolean; readonly reason: string }
  | { readonly kind: 'approve'; readonly comments?: string; readonly acknowledgeFirst: boolean }
  | { readonly kind: 'request-revision'; readonly comments: readonly RevisionComment[] }
  | { readonly kind: 'grade'; readonly grade: ReviewGrade; readonly comments?: string; readonly conditions?: string; readonly acknowledgeFirst: boolean };

function post(reviewId: string, action: string, json: unknown): Promise<ReviewDetail> {
  return request<ReviewDetail>('review', `/reviews/${encodeURIComponent(reviewId)}/${action}`, { method: 'POST', json });
}

async function perform(reviewId: string, action: ReviewAction): Promise<ReviewDetail> {
  switch (action.kind) {
    case 'acknowledge':
      return post(reviewId, 'acknowledge-warnings', action.findingKeys ? { findingKeys: action.findingKeys } : {});
    case 'waive':
      return post(reviewId, 'waivers', { findingKeys: action.findingKeys, grant: action.grant, reason: action.reason });
    case 'approve':
      if (action.acknowledgeFirst) await post(reviewId, 'acknowledge-warnings', {});
      return post(reviewId, 'approve', action.comments ? { comments: action.comments } : {});
    case 'request-revision':
      return post(reviewId, 'request-revision', { comments: action.comments });
    case 'grade':
      if (action.acknowledgeFirst && (action.grade === '优' || action.grade === '良')) await post(reviewId, 'acknowledge-warnings', {});
      return post(reviewId, 'grade', {
        grade: action.grade,
        ...(action.comments ? { comments: action.comments } : {}),
        ...(action.conditions && action.grade === '良' ? { conditions: action.conditions } : {}),
      });
  }
}

/** One sign-off action; afterwards the review, the lists, the tasks and the inbox are read again. */
export function useReviewAction(reviewId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: ReviewAction) => perform(reviewId, action),
    onSettled: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: reviewKey(reviewId) }),
        client.invalidateQueries({ queryKey: REVIEWS_KEY }),
        client.invalidateQueries({ queryKey: TASKS_KEY }),
        client.invalidateQueries({ queryKey: INBOX_KEY }),
      ]);
    },
  });
}
