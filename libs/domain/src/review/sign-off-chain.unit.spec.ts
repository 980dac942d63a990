import { type Actor, type CommandMetadata } from '../events/envelope';
import { EventSchemaError } from '../core/upcasting';
import { deciderSpec } from '../testing/given-when-then';
import { DEFAULT_SIGN_OFF_CHAIN, signOffLevel } from './review.chain';
import {
  chainInForce,
  type SignOffChainCommand,
  type SignOffChainEvent,
  signOffChainDecider,
  signOffChainStreamId,
  upcastSignOffChainEvent,
  validateStrictSignOffChain,
} from './sign-off-chain';

const given = deciderSpec(signOffChainDecider);

const DEPT = 'dept-zzb';
const admin: Actor = { id: 'admin-1', role: 'admin' };
const finance: Actor = { id: 'fin-1', role: 'finance_reviewer' };
const desk: Actor = { id: 'fin-2', role: 'finance_reviewer', departmentIds: ['dept-other'] };
const reviewer: Actor = { id: 'dept-1', role: 'department_reviewer', departmentId: DEPT };
const system: Actor = { id: 'review', role: 'system' };

const meta = (actor: Actor): CommandMetadata => ({ now: '2026-12-03T10:00:00.000Z', actor, correlationId: 'corr-1' });
const configure = (chain: unknown, actor: Actor = finance, lastLevelException?: { reason: string }): SignOffChainCommand => ({
  type: 'ConfigureSignOffChain',
  data: { departmentId: DEPT, chain, ...(lastLevelException ? { lastLevelException } : {}) },
  metadata: meta(actor),
});

const DEPARTMENT_THEN_FINANCE = [signOffLevel('department', { dueHours: 48 }), signOffLevel('finance')];
const configured = (chain = DEPARTMENT_THEN_FINANCE, previous = DEFAULT_SIGN_OFF_CHAIN): SignOffChainEvent => ({
  type: 'SignOffChainConfigured',
  data: { departmentId: DEPT, chain, previous, lastLevelException: null, adoptedFrom: null },
});

describe('sign-off chain stream', () => {
  it('is a stream of its own per department', () => {
    expect(signOffChainStreamId(DEPT)).toBe('sign-off-chain-dept-zzb');
  });

  describe('ConfigureSignOffChain', () => {
    it('records the new chain and the one it replaces (the default at first)', () => {
      given([]).when(configure(DEPARTMENT_THEN_FINANCE)).then([configured()]);
    });

    it('records the configured chain as the previous one of the next change', () => {
      const next = [signOffLevel('unit_head'), signOffLevel('finance', { dueHours: 24 })];
      given([configured()]).when(configure(next, admin)).then([configured(next, DEPARTMENT_THEN_FINANCE)]);
    });

    it('records nothing when the chain does not change', () => {
      given([configured()]).when(configure(DEPARTMENT_THEN_FINANCE)).then([]);
    });

    it('keeps only the four keys of a level, in the same shape however they were sent', () => {
      const sent = [{ dueHours: 48, mayWaive: true, role: 'department_reviewer', level: 'department' }, { mayWaive: true, dueHours: 72, level: 'finance', role: 'finance_reviewer' }];
      given([]).when(configure(sent)).thenState((state) => expect(chainInForce(state)).toEqual(DEPARTMENT_THEN_FINANCE));
    });

    it('refuses unknown keys with a Chinese message naming them', () => {
      given([])
        .when(configure([{ ...signOffLevel('finance'), escalateTo: 'mayor' }]))
        .thenThrows('VALIDATION_FAILED', (e) => expect(e.details?.fieldErrors).toEqual([{ field: 'chain[0].escalateTo', message: expect.stringMatching(/^未知字段“escalateTo”/) }]));
    });

    it('refuses unknown levels, duplicates, a wrong role, and an empty chain', () => {
      given([]).when(configure([{ ...signOffLevel('finance'), level: 'mayor' }])).thenThrows('VALIDATION_FAILED');
      given([]).when(configure([signOffLevel('finance'), signOffLevel('finance')])).thenThrows('VALIDATION_FAILED', (e) =>
        expect(JSON.stringify(e.details)).toMatch(/重复/),
      );
      given([]).when(configure([{ ...signOffLevel('finance'), role: 'admin' }])).thenThrows('VALIDATION_FAILED');
      given([]).when(configure([])).thenThrows('VALIDATION_FAILED');
      given([]).when(configure(undefined)).thenThrows('VALIDATION_FAILED');
    });

    it('requires the last level to be finance', () => {
      given([])
        .when(configure([signOffLevel('unit_head')], admin))
        .thenThrows('VALIDATION_FAILED', (e) => {
          expect(e.message).toMatch(/最后一级须为财政部门/);
          expect(e.details?.fieldErrors).toEqual([{ field: 'chain[0].level', message: '最后一级须为财政部门' }]);
        });
    });

    it('lets an admin end below finance with a reason, recorded in the event', () => {
      const chain = [signOffLevel('unit_head'), signOffLevel('department')];
      given([]).when(configure(chain, admin, { reason: '  区财政局委托主管部门终审（区财〔2026〕3号）  ' })).then([
        {
          type: 'SignOffChainConfigured',
          data: { departmentId: DEPT, chain, previous: DEFAULT_SIGN_OFF_CHAIN, lastLevelException: { reason: '区财政局委托主管部门终审（区财〔2026〕3号）' }, adoptedFrom: null },
        },
      ]);
    });

    it('refuses the exception from finance, without a reason, or when the chain ends with finance anyway', () => {
      const chain = [signOffLevel('department')];
      given([]).when(configure(chain, finance, { reason: '委托' })).thenThrows('FORBIDDEN');
      given([]).when(configure(chain, admin, { reason: '   ' })).thenThrows('VALIDATION_FAILED');
      given([]).when(configure(chain, admin, { reason: '理'.repeat(501) })).thenThrows('VALIDATION_FAILED');
      given([]).when(configure(DEPARTMENT_THEN_FINANCE, admin, { reason: '不需要' })).thenThrows('VALIDATION_FAILED');
    });

    it('records a change of the exception alone, and back to finance without one', () => {
      const chain = [signOffLevel('department')];
      const first: SignOffChainEvent = {
        type: 'SignOffChainConfigured',
        data: { departmentId: DEPT, chain, previous: DEFAULT_SIGN_OFF_CHAIN, lastLevelException: { reason: '甲' }, adoptedFrom: null },
      };
      given([first]).when(configure(chain, admin, { reason: '乙' })).thenState((state, events) => {
        expect(events).toHaveLength(1);
        expect(state).toMatchObject({ status: 'configured', lastLevelException: { reason: '乙' } });
      });
      given([first]).when(configure(DEPARTMENT_THEN_FINANCE, finance)).then([configured(DEPARTMENT_THEN_FINANCE, chain)]);
    });

    it('is for admins and the finance desk of the department only', () => {
      given([]).when(configure(DEPARTMENT_THEN_FINANCE, reviewer)).thenThrows('FORBIDDEN');
      given([]).when(configure(DEPARTMENT_THEN_FINANCE, desk)).thenThrows('FORBIDDEN');
      given([]).when(configure(DEPARTMENT_THEN_FINANCE, { ...desk, departmentIds: [DEPT] })).then([configured()]);
    });
  });

  describe('AdoptStoredSignOffChain', () => {
    const adopt = (stored: unknown, actor: Actor = system): SignOffChainCommand => ({
      type: 'AdoptStoredSignOffChain',
      data: { departmentId: DEPT, stored, updatedBy: 'fin-0', updatedAt: '2026-11-01T08:00:00.000Z' },
      metadata: meta(actor),
    });

    it('takes a stored row over as the first event, keeping the row as it was (unknown keys too)', () => {
      const stored = [{ ...signOffLevel('unit_head'), note: '旧系统' }];
      given([]).when(adopt(stored)).then([
        {
          type: 'SignOffChainConfigured',
          data: {
            departmentId: DEPT,
            chain: [signOffLevel('unit_head')],
            previous: DEFAULT_SIGN_OFF_CHAIN,
            lastLevelException: { reason: '改为事件记录之前已配置的审核流程，最后一级不是财政部门' },
            adoptedFrom: { stored, updatedBy: 'fin-0', updatedAt: '2026-11-01T08:00:00.000Z' },
          },
        },
      ]);
    });

    it('does nothing on a stream that has events, and is the service’s alone', () => {
      given([configured()]).when(adopt(DEPARTMENT_THEN_FINANCE)).then([]);
      given([]).when(adopt(DEPARTMENT_THEN_FINANCE, admin)).thenThrows('FORBIDDEN');
    });
  });

  it('reads its stored events back (JSON round trip) and refuses unknown ones', () => {
    const event = configured();
    const stored = JSON.parse(JSON.stringify({ type: event.type, schemaVersion: 1, data: event.data }));
    expect(upcastSignOffChainEvent(stored)).toEqual(event);
    expect(() => upcastSignOffChainEvent({ ...stored, schemaVersion: 2 })).toThrow(EventSchemaError);
    expect(() => upcastSignOffChainEvent({ ...stored, type: 'SignOffChainDeleted' })).toThrow(EventSchemaError);
  });

  it('validateStrictSignOffChain adds unknown keys to the usual checks', () => {
    expect(validateStrictSignOffChain(DEPARTMENT_THEN_FINANCE)).toEqual([]);
    expect(validateStrictSignOffChain([{ ...signOffLevel('finance'), x: 1 }]).map((e) => e.field)).toEqual(['chain[0].x']);
  });
});
