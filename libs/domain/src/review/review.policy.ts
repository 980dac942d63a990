import { financeCovers } from '../access';
import { DELEGATION_MESSAGES } from '../delegation/delegation.labels';
import { asActor, mayActFor } from '../delegation/delegation.policy';
import { type Delegation } from '../delegation/delegation.types';
import { type Actor } from '../events/envelope';
import { allow, deny, type PolicyDecision } from '../core/policy';
import { SIGN_OFF_ROLE_NAMES } from './review.chain';
import { SIGN_OFF_LEVEL_NAMES } from './review.labels';
import { type ReviewRecord, type SignOffLevelConfig } from './review.types';

export const FOUR_EYES_MESSAGE = '不能审核本人创建、最后修改或报送的绩效目标表';

/** Opening a review is the review service's own decision, after it ran the rules. */
export function mayOpenReview(actor: Actor): PolicyDecision {
  return actor.role === 'system' ? allow : deny('只有审核服务可以开启审核');
}

export function mayCancelReview(actor: Actor): PolicyDecision {
  return actor.role === 'system' ? allow : deny('只有审核服务可以取消审核');
}

/** The people the four-eyes rule keeps away from a submission. */
export type ReviewAuthors = Pick<ReviewRecord, 'createdBy' | 'lastEditedBy' | 'submittedBy'>;

/** Created, last edited or submitted the sheet under review. */
export function isReviewAuthor(actor: Actor, review: ReviewAuthors): boolean {
  return actor.id === review.createdBy || actor.id === review.lastEditedBy || actor.id === review.submittedBy;
}

/**
 * THE sign-off rule, used by every action at a level (acknowledge, waive, approve, grade, request
 * revision): the level's role, in the review's organisation (a unit head of the review's unit, a
 * department reviewer of its department, any finance reviewer), and never an author (four-eyes).
 */
export function maySignOff(actor: Actor, review: ReviewRecord, level: SignOffLevelConfig): PolicyDecision {
  if (actor.role !== level.role) {
    return deny(`“${SIGN_OFF_LEVEL_NAMES[level.level]}”环节须由${SIGN_OFF_ROLE_NAMES[level.role]}审核`);
  }
  switch (level.role) {
    case 'unit_head':
      if (actor.unitId !== review.unitId || (actor.departmentId !== undefined && actor.departmentId !== review.departmentId)) {
        return deny('只能审核本单位的绩效目标表');
      }
      break;
    case 'department_reviewer':
      if (actor.departmentId !== review.departmentId) return deny('只能审核本部门的绩效目标表');
      break;
    case 'finance_reviewer':
      if (!financeCovers(actor, review.departmentId)) return deny('只能审核所负责部门的绩效目标表');
      break;
  }
  return isReviewAuthor(actor, review) ? deny(FOUR_EYES_MESSAGE) : allow;
}

/** A waiver decision is a sign-off action at a level configured to waive. */
export function mayDecideWaiver(actor: Actor, review: ReviewRecord, level: SignOffLevelConfig): PolicyDecision {
  const signOff = maySignOff(actor, review, level);
  if (!signOff.allowed) return signOff;
  return level.mayWaive ? allow : deny(`“${SIGN_OFF_LEVEL_NAMES[level.level]}”环节无权豁免阻断性问题`);
}

/**
 * THE sign-off rule for a delegate (代理审批): `actor` acts at the level in the place of the
 * delegation's delegator. The delegation must be theirs and in force at `at` for the level's role;
 * then the level's own policy (maySignOff, or mayDecideWaiver) is applied to the delegator, so the
 * delegate acts with the delegator's organisation and the delegator's four-eyes; and four-eyes holds
 * for the delegate too: neither of them may decide on what either created, last edited or submitted.
 */
export function maySignOffFor(
  actor: Actor,
  review: ReviewRecord,
  level: SignOffLevelConfig,
  delegation: Delegation,
  at: string,
  policy: (actor: Actor, review: ReviewRecord, level: SignOffLevelConfig) => PolicyDecision = maySignOff,
): PolicyDecision {
  const delegate = mayActFor(actor, delegation, level.role, at);
  if (!delegate.allowed) return delegate;
  const delegator = policy(asActor(delegation.delegator), review, level);
  if (!delegator.allowed) return delegator;
  return isReviewAuthor(actor, review) ? deny(DELEGATION_MESSAGES.fourEyesDelegate) : allow;
}
