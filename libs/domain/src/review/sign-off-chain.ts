import { financeCovers } from '../access';
import { type Command } from '../core/decider';
import { allow, authorize, deny, type PolicyDecision } from '../core/policy';
import { createUpcaster, type StoredEvent } from '../core/upcasting';
import { assertNever, DomainError, type FieldError } from '../errors';
import { type Actor, type DomainEvent } from '../events/envelope';
import { throwIfInvalid } from '../sheet/field-checks';
import { copyLevelConfig, DEFAULT_SIGN_OFF_CHAIN, validateSignOffChain } from './review.chain';
import { SIGN_OFF_LEVEL_NAMES } from './review.labels';
import { type SignOffChain, type SignOffLevelConfig } from './review.types';

/**
 * The sign-off chain of a department as an aggregate of the review service: its own stream
 * (`sign-off-chain-<departmentId>`), so every change is an event that says who changed the
 * approval chain, when, from what to what and, where the last level is not finance, why. The
 * department's registration stream belongs to intake; the chain is the review service's
 * configuration, and a service appends only to its own store.
 */

export const SIGN_OFF_CHAIN_STREAM_PREFIX = 'sign-off-chain-';

export function signOffChainStreamId(departmentId: string): string {
  return `${SIGN_OFF_CHAIN_STREAM_PREFIX}${departmentId}`;
}

export const MAX_EXCEPTION_REASON_LENGTH = 500;
const LEVEL_KEYS = ['level', 'role', 'mayWaive', 'dueHours', 'dueWorkingDays'] as const;

/** A finance reviewer (of the department's desk) or an admin sets the chain; reviews opened afterwards use it. */
export type ConfigureSignOffChain = Command<
  'ConfigureSignOffChain',
  {
    readonly departmentId: string;
    /** As received: checked strictly here. */
    readonly chain: unknown;
    /** Only an admin may end the chain below finance, and says why. */
    readonly lastLevelException?: { readonly reason: string };
  }
>;

/**
 * A chain configured before chains were events (a row of the review service's sign_off_chains
 * table), taken over once by the service itself as the stream's first event; the row is kept
 * in the event as it was, unknown keys included.
 */
export type AdoptStoredSignOffChain = Command<
  'AdoptStoredSignOffChain',
  { readonly departmentId: string; readonly stored: unknown; readonly updatedBy: string; readonly updatedAt: string }
>;

export type SignOffChainCommand = ConfigureSignOffChain | AdoptStoredSignOffChain;

export type SignOffChainConfigured = DomainEvent<
  'SignOffChainConfigured',
  {
    readonly departmentId: string;
    readonly chain: SignOffChain;
    /** The chain in force before (the default chain when none was configured). */
    readonly previous: SignOffChain;
    /** Set when the last level is not finance: the admin's reason. */
    readonly lastLevelException: { readonly reason: string } | null;
    /** Set on the event that took over a chain configured before chains were events. */
    readonly adoptedFrom: { readonly stored: unknown; readonly updatedBy: string; readonly updatedAt: string } | null;
  }
>;

export type SignOffChainEvent = SignOffChainConfigured;

export type SignOffChainState =
  | { readonly status: 'default' }
  | {
      readonly status: 'configured';
      readonly departmentId: string;
      readonly chain: SignOffChain;
      readonly lastLevelException: { readonly reason: string } | null;
    };

export const SIGN_OFF_CHAIN_EVENT_SCHEMA_VERSIONS: Readonly<Record<SignOffChainEvent['type'], number>> = { SignOffChainConfigured: 1 };

export function initialSignOffChainState(): SignOffChainState {
  return { status: 'default' };
}

/** The chain in force: the configured one, or the default. */
export function chainInForce(state: SignOffChainState): SignOffChain {
  return state.status === 'configured' ? state.chain : DEFAULT_SIGN_OFF_CHAIN;
}

// ---- policy --------------------------------------------------------------------------------

export function mayConfigureSignOffChain(actor: Actor, departmentId: string): PolicyDecision {
  if (actor.role === 'admin') return allow;
  if (actor.role === 'finance_reviewer') return financeCovers(actor, departmentId) ? allow : deny('只能配置所负责部门的审核流程');
  return deny('只有财政审核人或管理员可以配置审核流程');
}

export function mayConfigureLastLevelException(actor: Actor): PolicyDecision {
  return actor.role === 'admin' ? allow : deny('只有管理员可以把最后一级设为财政部门以外的环节');
}

// ---- validation ------------------------------------------------------------------------------

/**
 * The checks of validateSignOffChain (known levels, hierarchy order, no duplicates, the level's
 * role, mayWaive, dueHours, dueWorkingDays) plus: no key but level, role, mayWaive, dueHours and
 * dueWorkingDays. What is stored is exactly those keys (dueWorkingDays only when given).
 */
export function validateStrictSignOffChain(chain: unknown, path = 'chain'): FieldError[] {
  const errors = validateSignOffChain(chain, path);
  if (Array.isArray(chain)) {
    chain.forEach((item: unknown, index) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) return;
      for (const key of Object.keys(item)) {
        if (!(LEVEL_KEYS as readonly string[]).includes(key)) errors.push({ field: `${path}[${index}].${key}`, message: `未知字段“${key}”：审核环节只能有 level、role、mayWaive、dueHours、dueWorkingDays` });
      }
    });
  }
  return errors;
}

function normalised(chain: readonly SignOffLevelConfig[]): SignOffChain {
  return chain.map(copyLevelConfig);
}

function sameChain(a: SignOffChain, b: SignOffChain): boolean {
  return JSON.stringify(normalised(a)) === JSON.stringify(normalised(b));
}

// ---- decider ---------------------------------------------------------------------------------

export function decideSignOffChain(command: SignOffChainCommand, state: SignOffChainState): SignOffChainEvent[] {
  switch (command.type) {
    case 'ConfigureSignOffChain':
      return configure(command, state);
    case 'AdoptStoredSignOffChain':
      return adopt(command, state);
    default:
      return assertNever(command, 'sign-off chain command');
  }
}

export function evolveSignOffChain(_state: SignOffChainState, event: SignOffChainEvent): SignOffChainState {
  switch (event.type) {
    case 'SignOffChainConfigured':
      return { status: 'configured', departmentId: event.data.departmentId, chain: event.data.chain, lastLevelException: event.data.lastLevelException };
    default:
      return assertNever(event.type, 'sign-off chain event');
  }
}

export const signOffChainDecider = {
  decide: decideSignOffChain,
  evolve: evolveSignOffChain,
  initialState: initialSignOffChainState,
} as const;

function configure(command: ConfigureSignOffChain, state: SignOffChainState): SignOffChainEvent[] {
  const { departmentId, chain, lastLevelException } = command.data;
  const { actor } = command.metadata;
  authorize(mayConfigureSignOffChain(actor, departmentId));
  throwIfInvalid(validateStrictSignOffChain(chain));
  const levels = normalised(chain as SignOffChain);
  const last = levels.at(-1)!;
  let exception: { reason: string } | null = null;
  if (lastLevelException !== undefined) {
    authorize(mayConfigureLastLevelException(actor));
    const reason = typeof lastLevelException.reason === 'string' ? lastLevelException.reason.trim() : '';
    if (last.level === 'finance') throwIfInvalid([{ field: 'lastLevelException', message: '最后一级已是财政部门，不需要例外说明' }]);
    if (reason === '') throwIfInvalid([{ field: 'lastLevelException.reason', message: '请说明最后一级不是财政部门的理由' }]);
    if (reason.length > MAX_EXCEPTION_REASON_LENGTH) throwIfInvalid([{ field: 'lastLevelException.reason', message: `理由不能超过${MAX_EXCEPTION_REASON_LENGTH}个字` }]);
    exception = { reason };
  } else if (last.level !== 'finance') {
    throw new DomainError('VALIDATION_FAILED', `审核流程的最后一级须为财政部门（现为“${SIGN_OFF_LEVEL_NAMES[last.level]}”）；如确需例外，须由管理员说明理由`, {
      fieldErrors: [{ field: `chain[${levels.length - 1}].level`, message: '最后一级须为财政部门' }],
    });
  }
  const current = chainInForce(state);
  const currentException = state.status === 'configured' ? state.lastLevelException : null;
  if (state.status === 'configured' && sameChain(current, levels) && (currentException?.reason ?? null) === (exception?.reason ?? null)) return [];
  return [{ type: 'SignOffChainConfigured', data: { departmentId, chain: levels, previous: normalised(current), lastLevelException: exception, adoptedFrom: null } }];
}

/**
 * The stored row is taken over as it was in force: its four known keys per level (validated as
 * before, so a row that could be stored can be adopted); a chain that did not end with finance
 * keeps working and says so in its exception.
 */
function adopt(command: AdoptStoredSignOffChain, state: SignOffChainState): SignOffChainEvent[] {
  if (command.metadata.actor.role !== 'system') throw new DomainError('FORBIDDEN', '只有审核服务可以接管已有的审核流程配置');
  if (state.status === 'configured') return [];
  const { departmentId, stored, updatedBy, updatedAt } = command.data;
  throwIfInvalid(validateSignOffChain(stored));
  const levels = normalised(stored as SignOffChain);
  const last = levels.at(-1)!;
  return [
    {
      type: 'SignOffChainConfigured',
      data: {
        departmentId,
        chain: levels,
        previous: normalised(DEFAULT_SIGN_OFF_CHAIN),
        lastLevelException: last.level === 'finance' ? null : { reason: '改为事件记录之前已配置的审核流程，最后一级不是财政部门' },
        adoptedFrom: { stored, updatedBy, updatedAt },
      },
    },
  ];
}

// ---- reading stored events ---------------------------------------------------------------------

/** Throws EventSchemaError for an unknown type or a version newer than this code. */
export const upcastSignOffChainEvent: (stored: StoredEvent) => SignOffChainEvent = createUpcaster<SignOffChainEvent>(SIGN_OFF_CHAIN_EVENT_SCHEMA_VERSIONS, {});
