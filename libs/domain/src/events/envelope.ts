/** Roles of domain.md's "Who does what", plus `system` for decisions a service takes on its own (e.g. an automatic revision request). */
export const ROLES = ['unit_clerk', 'unit_head', 'department_reviewer', 'finance_reviewer', 'auditor', 'admin', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** What people call each role, on every screen and in every message. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  unit_clerk: '单位经办人',
  unit_head: '单位负责人',
  department_reviewer: '部门审核人',
  finance_reviewer: '财政审核人',
  auditor: '审计人员',
  admin: '系统管理员',
  system: '系统',
};

/** Who did something, with the organisation they act for. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  readonly departmentId?: string;
  readonly unitId?: string;
  readonly name?: string;
  /** A finance reviewer's desk (对口科室): the departments they act on and read; absent, every department. */
  readonly departmentIds?: readonly string[];
}

/** What every command carries besides its data: the clock and ids come in here, never from the domain. */
export interface CommandMetadata {
  readonly now: string; // ISO-8601 instant
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId?: string | null;
}

/** A domain event as the decider produces it: a plain object, never a class. */
export interface DomainEvent<T extends string = string, D = unknown> {
  readonly type: T;
  readonly data: D;
}

/** An event about to be appended to a stream. */
export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: {
    readonly occurredAt: string;
    readonly actor: Actor;
    readonly correlationId: string;
    readonly causationId: string | null;
  };
}

/**
 * The envelope of architecture.md, as stored and as published on Kafka (JSON value,
 * key = streamId). globalPosition is a decimal string: PostgreSQL bigint.
 */
export interface RecordedEvent<D = unknown> {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly globalPosition: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly data: D;
  readonly prevHash: string;
  readonly hash: string;
}
