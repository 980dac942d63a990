import type { ReviewGrade, RevisionComment } from '@budget/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type AnswerOf, api } from '../../api/client';
import { INBOX_KEY } from '../inbox/inbox-api';

/** GET /reviews/:id: the recorded review (the domain's state) plus what the service adds for reviewers. */
export type ReviewDetail = AnswerOf<'review', 'getReview'>;

/** An entry of GET /tasks and GET /reviews. */
export type ReviewSummary = AnswerOf<'review', 'listReviews'>['items'][number];
/** An entry of GET /tasks: a review summary, and for whom the caller sees it when it is a delegator's task (代理审批). */
export type ReviewTask = ReviewSummary & { readonly actingFor?: AnswerOf<'review', 'tasks'>['items'][number]['actingFor'] };
export type ReviewStatus = ReviewSummary['status'];

export const REVIEW_STATUSES = ['awaiting_level', 'revision_requested', 'approved', 'rejected', 'cancelled'] as const satisfies readonly ReviewStatus[];

export const REVIEWS_KEY = ['reviews'] as const;
export const TASKS_KEY = ['review-tasks'] as const;
const reviewKey = (id: string) => ['review', id] as const;

export function useReviewTasks(enabled = true) {
  return useQuery({ queryKey: TASKS_KEY, queryFn: ({ signal }) => api.tasks.list({ signal }), enabled });
}

export function useReviews(filter: { status?: ReviewStatus | undefined; sheetId?: string | undefined }) {
  return useQuery({
    queryKey: [...REVIEWS_KEY, filter],
    queryFn: ({ signal }) => api.reviews.list({ query: { ...(filter.status ? { status: filter.status } : {}), ...(filter.sheetId ? { sheetId: filter.sheetId } : {}) }, signal }),
  });
}

export function useReview(reviewId: string) {
  return useQuery({ queryKey: reviewKey(reviewId), queryFn: ({ signal }) => api.reviews.get({ reviewId, signal }) });
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
      const { items } = await api.reviews.list({ query: { sheetId: review.sheetId } });
      const earlier = items.filter((r) => r.submissionNo < review.submissionNo).sort((a, b) => b.submissionNo - a.submissionNo)[0];
      if (!earlier) return null;
      return api.reviews.get({ reviewId: earlier.reviewId });
    },
  });
}

export type ReviewAction =
  | { readonly kind: 'acknowledge'; readonly findingKeys?: readonly string[] }
  | { readonly kind: 'waive'; readonly findingKeys: readonly string[]; readonly grant: boolean; readonly reason: string }
  | { readonly kind: 'approve'; readonly comments?: string; readonly acknowledgeFirst: boolean }
  | { readonly kind: 'request-revision'; readonly comments: readonly RevisionComment[] }
  | { readonly kind: 'grade'; readonly grade: ReviewGrade; readonly comments?: string; readonly conditions?: string; readonly acknowledgeFirst: boolean };

/** `actingFor`: the delegator a delegate acts for (代理审批), sent with every action; absent, one acts in one's own name. */
async function perform(reviewId: string, action: ReviewAction, actingFor?: string): Promise<ReviewDetail> {
  const as = actingFor ? { actingFor } : {};
  const acknowledgeAll = () => api.reviews.acknowledgeWarnings({ reviewId, body: { ...as } });
  switch (action.kind) {
    case 'acknowledge':
      return api.reviews.acknowledgeWarnings({ reviewId, body: { ...as, ...(action.findingKeys ? { findingKeys: [...action.findingKeys] } : {}) } });
    case 'waive':
      return api.reviews.decideWaiver({ reviewId, body: { ...as, findingKeys: [...action.findingKeys], grant: action.grant, reason: action.reason } });
    case 'approve':
      if (action.acknowledgeFirst) await acknowledgeAll();
      return api.reviews.approve({ reviewId, body: { ...as, ...(action.comments ? { comments: action.comments } : {}) } });
    case 'request-revision':
      return api.reviews.requestRevision({ reviewId, body: { ...as, comments: [...action.comments] } });
    case 'grade':
      if (action.acknowledgeFirst && (action.grade === '优' || action.grade === '良')) await acknowledgeAll();
      return api.reviews.grade({
        reviewId,
        body: {
          ...as,
          grade: action.grade,
          ...(action.comments ? { comments: action.comments } : {}),
          ...(action.conditions && action.grade === '良' ? { conditions: action.conditions } : {}),
        },
      });
  }
}

/** One sign-off action; afterwards the review, the lists, the tasks and the inbox are read again. */
export function useReviewAction(reviewId: string, actingFor?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: ReviewAction) => perform(reviewId, action, actingFor),
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
