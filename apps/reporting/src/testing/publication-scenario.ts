import { InMemoryEventStore } from '@budget/event-store/testing';
import { publicationFixtures } from '@budget/domain/testing';
import {
  type Actor,
  DomainError,
  type DomainErrorCode,
  type PublishableSheet,
  type RegisteredDepartment,
  type ReportProject,
  type ReportTable,
  sheetStreamId,
  type StreamHead,
} from '@budget/domain';
import { keyIdOf, publicKeyPem } from '@budget/event-store';
import { generateKeyPairSync } from 'node:crypto';
import { type CheckpointService } from '../checkpoints/checkpoint.service';
import { type CheckpointConfig } from '../checkpoints/checkpoint-keys';
import { ExportSigner } from '../checkpoints/export-signer';
import { type ExportSignatureRow, type ExportSignatures, type StoredExportSignature } from '../infrastructure/export-signatures.repository';
import { type PublicationReader, type PublicationScope, unitScopeOf } from '../use-cases/publication-scope';
import type { IntakeSheets } from '../infrastructure/intake-sheets.client';
import { PublicationRepository } from '../infrastructure/publications.repository';
import type { RequestContext } from '../use-cases/publication-context';
import type { BuiltTable, ReportService } from '../reports/report.service';

export const DEPT = 'dept-zzb';
export const YEAR = 2026;
export const deptReviewer: Actor = { id: 'dept-1', role: 'department_reviewer', departmentId: DEPT };
export const otherDeptReviewer: Actor = { id: 'dept-9', role: 'department_reviewer', departmentId: 'dept-other' };
export const clerk: Actor = { id: 'clerk-1', role: 'unit_clerk', departmentId: DEPT, unitId: 'u1' };
export const financeReviewer: Actor = { id: 'fin-1', role: 'finance_reviewer' };
export const otherDeskFinance: Actor = { id: 'fin-9', role: 'finance_reviewer', departmentIds: ['dept-other'] };
export const auditor: Actor = { id: 'aud-1', role: 'auditor' };
export const ctx = (actor: Actor): RequestContext => ({ actor, correlationId: 'corr-1' });

const DEPARTMENT: RegisteredDepartment = { departmentId: DEPT, name: '中国共产党广州市荔湾区委员会组织部', units: [] } as unknown as RegisteredDepartment;

export const project = (sheetId: string, name: string, fiscalAppropriation: number, unitId = 'u1'): ReportProject => publicationFixtures.approvedProject(sheetId, unitId, name, fiscalAppropriation);

/** What the live copy holds: the approved projects and every sheet of the year with its status, at a log position. */
export interface LiveCopy {
  projects: ReportProject[];
  others: PublishableSheet[];
  position: number;
}

function tableOf(live: LiveCopy): ReportTable {
  const units = [...new Set(live.projects.map((p) => p.unitId))].map((unitId) => {
    const own = live.projects.filter((p) => p.unitId === unitId);
    const fiscal = own.reduce((sum, p) => sum + p.funding.fiscalAppropriation, 0);
    return { unitId, name: `单位${unitId}`, listed: true, funding: { fiscalAppropriation: fiscal, specialAccountAppropriation: 0, otherFunds: 0 }, total: fiscal, projects: own };
  });
  const grand = units.reduce((sum, u) => sum + u.total, 0);
  return {
    title: '项目支出绩效目标表（含转移支付项目）',
    departmentId: DEPT,
    departmentName: DEPARTMENT.name,
    fiscalYear: YEAR,
    displayUnit: '万元',
    asOf: { globalPosition: String(live.position), recordedAt: '2026-03-20T02:00:00.000Z' },
    grandTotal: { funding: { fiscalAppropriation: grand, specialAccountAppropriation: 0, otherFunds: 0 }, total: grand },
    units,
  };
}

/** The read side as the publication handlers use it, over a LiveCopy in memory, with the report's access rule for one department. */
export class FakeReports {
  constructor(readonly live: LiveCopy) {}

  readableDepartment(actor: Actor, departmentId: string): Promise<RegisteredDepartment> {
    if (departmentId !== DEPT) return Promise.reject(new DomainError('NOT_FOUND', `未找到部门“${departmentId}”`));
    const reads = actor.role === 'auditor' || actor.role === 'admin' || (actor.role === 'finance_reviewer' && (actor.departmentIds?.includes(DEPT) ?? true)) || actor.departmentId === DEPT;
    return reads ? Promise.resolve(DEPARTMENT) : Promise.reject(new DomainError('FORBIDDEN', '无权查看该部门的绩效目标表'));
  }

  async publishable(actor: Actor, departmentId: string, fiscalYear: number): Promise<{ built: BuiltTable; sheets: PublishableSheet[] }> {
    const department = await this.readableDepartment(actor, departmentId);
    const table = tableOf(this.live);
    const heads: StreamHead[] = this.live.projects.map((p) => ({ streamId: `sheet-${p.sheetId}`, streamVersion: 5, eventId: `e-${p.sheetId}`, hash: 'f'.repeat(64), globalPosition: String(this.live.position) }));
    const approved = this.live.projects.map((p): PublishableSheet => ({ sheetId: p.sheetId, unitId: p.unitId, projectName: p.name, status: 'approved', submissionNo: 1, reviewId: `${p.sheetId}-1` }));
    return {
      built: { generation: 1, department, fiscalYear, asOf: { kind: 'latest' }, table, chainHeads: heads, restrictedToUnit: null, verification: null },
      sheets: [...approved, ...this.live.others],
    };
  }
}

/** The reader's scope over the live copy: a unit user sees the chains of its own unit's sheets. */
export class FakeScope {
  constructor(readonly live: LiveCopy) {}

  of(actor: Actor): Promise<PublicationReader> {
    const unitId = unitScopeOf(actor);
    if (unitId === null) return Promise.resolve({ generation: 1, unitId: null, streams: null });
    const sheets = [...this.live.projects, ...this.live.others].filter((s) => s.unitId === unitId).map((s) => sheetStreamId(s.sheetId));
    return Promise.resolve({ generation: 1, unitId, streams: new Set(sheets) });
  }
}

/** export_signatures in memory, without checkpoints. */
export class FakeExportSignatures {
  readonly rows: StoredExportSignature[] = [];

  record(row: StoredExportSignature): Promise<void> {
    this.rows.push(row);
    return Promise.resolve();
  }

  find(exportId: string): Promise<ExportSignatureRow | null> {
    const row = this.rows.find((r) => r.exportId === exportId);
    return Promise.resolve(row ? { departmentId: row.departmentId, unitId: row.unitId, payload: row.payload, signature: row.signature, checkpoint: null } : null);
  }
}

/** A signer with a key of its own (its public key in `publicKeyPem`), storing in memory; no checkpoint signed yet. */
export function givenSigner(): { signer: ExportSigner; signatures: FakeExportSignatures; checkpoints: CheckpointService; config: CheckpointConfig } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const config: CheckpointConfig = { privateKey, publicKeyPem: publicKeyPem(privateKey), keyId: keyIdOf(privateKey), previousKeys: new Map(), intervalSeconds: 0 };
  const signatures = new FakeExportSignatures();
  const checkpoints = { latestOf: () => Promise.resolve(null) } as unknown as CheckpointService;
  return { signer: new ExportSigner(signatures as unknown as ExportSignatures, config), signatures, checkpoints, config };
}

/** Intake's reopen route as the handler calls it: refuses what intake's policy refuses, records what it reopened. */
export class FakeIntake {
  readonly reopened: { sheetId: string; reason: string; publishedVersion: number }[] = [];
  refuse: { code: DomainErrorCode; message: string } | null = null;

  reopen(request: { sheetId: string; reason: string; publishedVersion: number }): Promise<{ version: number }> {
    if (this.refuse) return Promise.reject(new DomainError(this.refuse.code, this.refuse.message));
    this.reopened.push({ sheetId: request.sheetId, reason: request.reason, publishedVersion: request.publishedVersion });
    return Promise.resolve({ version: 6 });
  }
}

export interface PublicationScenario {
  readonly store: InMemoryEventStore;
  readonly publications: PublicationRepository;
  readonly reports: FakeReports;
  readonly intake: FakeIntake;
  /** The handlers take the real classes; the fakes answer the same calls. */
  readonly reportService: ReportService;
  /** The reader's scope (a unit user's own sheets). */
  readonly scope: PublicationScope;
  readonly intakeSheets: IntakeSheets;
  eventTypes(): string[];
}

export function givenLiveCopy(live: Partial<LiveCopy> = {}): PublicationScenario {
  const store = new InMemoryEventStore();
  const reports = new FakeReports({ projects: [project('s1', '党员教育培训', 300_000_00), project('s2', '党建指导员', 61_300_00, 'u2')], others: [], position: 120, ...live });
  const intake = new FakeIntake();
  return {
    store,
    publications: new PublicationRepository(store),
    reports,
    intake,
    reportService: reports as unknown as ReportService,
    scope: new FakeScope(reports.live) as unknown as PublicationScope,
    intakeSheets: intake as unknown as IntakeSheets,
    eventTypes: () => store.all().map((e) => e.type),
  };
}

export async function expectRefused(scenario: PublicationScenario, promise: Promise<unknown>, code: DomainErrorCode, message?: string | RegExp): Promise<void> {
  const before = scenario.eventTypes();
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  if (message !== undefined) expect((error as DomainError).message).toMatch(message);
  expect(scenario.eventTypes()).toEqual(before);
}
