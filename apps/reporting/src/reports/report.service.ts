import { Injectable } from '@nestjs/common';
import {
  type Actor,
  chainHeadsFor,
  diffTables,
  DomainError,
  financeCovers,
  mayRead,
  progressFor,
  type ProgressFilter,
  type PublishableSheet,
  readScopeFilter,
  type RegisteredDepartment,
  reportTableFor,
  type ReportModel,
  type ReportTable,
  type SheetProgress,
  type StreamHead,
  type TableDiff,
} from '@budget/domain';
import { type EventStoreTransaction } from '@budget/event-store';
import { type ChainReport, CopyVerifier } from '../audit/chain-check';
import { type GenerationMeta, Generations } from '../infrastructure/generations.repository';
import { ReportQueries } from '../infrastructure/report-queries';
import { ReportStore } from '../infrastructure/report-store';
import { type CopiedEvent, type CreationOrder, foldCopied } from '../projection/copied-events';
import { orderProgress, orderTable, restrictToUnit } from '../projection/table-order';
import { type AsOf, checkAsOfBound, LATEST } from './as-of';

export interface TableRequest {
  /** A department id or its name as published. */
  readonly department: string;
  readonly fiscalYear?: number;
  readonly asOf?: AsOf;
  /** Also check the hash chains of the streams the table is built from. */
  readonly verify?: boolean;
}

export interface BuiltTable {
  readonly generation: number;
  readonly department: RegisteredDepartment;
  readonly fiscalYear: number;
  readonly asOf: AsOf;
  /** Ordered, and only the actor's unit for unit users. */
  readonly table: ReportTable;
  readonly chainHeads: readonly StreamHead[];
  readonly restrictedToUnit: string | null;
  readonly verification: ChainReport | null;
}

export interface DiffRequest {
  readonly department: string;
  readonly fiscalYear?: number;
  readonly from: AsOf;
  readonly to: AsOf;
}

const GLOBAL_ROLES = new Set(['admin', 'auditor', 'finance_reviewer', 'system']);

/**
 * The read side: tables (now or as of a moment), their difference, progress and departments, each
 * in one consistent snapshot of the live generation, each within the actor's scope.
 */
@Injectable()
export class ReportService {
  constructor(
    private readonly store: ReportStore,
    private readonly generations: Generations,
    private readonly queries: ReportQueries,
  ) {}

  // ---- departments -----------------------------------------------------------------------

  async departments(actor: Actor) {
    return this.store.snapshot(async (db) => {
      const generation = await this.generations.active(db);
      const all = await this.queries.departments(generation, db);
      const visible = all.flatMap((d) => {
        const scope = this.scopeOf(actor, d);
        return scope === null ? [] : [{ d, unitId: scope.unitId }];
      });
      // A unit user sees its own unit and its own counts, not its neighbours'.
      return Promise.all(
        visible.map(async ({ d, unitId }) => ({
          departmentId: d.departmentId,
          name: d.name,
          units: [...d.units]
            .filter((u) => unitId === undefined || u.unitId === unitId)
            .sort((a, b) => a.position - b.position)
            .map((u) => ({ unitId: u.unitId, name: u.name })),
          fiscalYears: await this.queries.fiscalYears(generation, d.departmentId, db, unitId),
        })),
      );
    });
  }

  /** null: no access; {} the whole department; {unitId} only that unit's rows. */
  private scopeOf(actor: Actor, department: RegisteredDepartment): { unitId?: string } | null {
    if (actor.role === 'finance_reviewer') return financeCovers(actor, department.departmentId) ? {} : null;
    if (GLOBAL_ROLES.has(actor.role)) return {};
    if (actor.role === 'department_reviewer') return mayRead(actor, { departmentId: department.departmentId }) ? {} : null;
    if (actor.unitId !== undefined && department.units.some((u) => u.unitId === actor.unitId)) return { unitId: actor.unitId };
    return null;
  }

  private resolve(departments: readonly RegisteredDepartment[], ref: string): RegisteredDepartment {
    const wanted = ref.trim();
    const found = departments.find((d) => d.departmentId === wanted) ?? departments.find((d) => d.name.trim() === wanted);
    if (!found) throw new DomainError('NOT_FOUND', `未找到部门“${wanted}”：报表中没有这个部门（请使用部门全称或部门编号）`, { department: wanted });
    return found;
  }

  private access(actor: Actor, department: RegisteredDepartment): { unitId?: string } {
    const scope = this.scopeOf(actor, department);
    if (scope === null) throw new DomainError('FORBIDDEN', `无权查看“${department.name}”的绩效目标表：只能查看本部门（本单位）的数据`);
    return scope;
  }

  /** The latest year with approved sheets, else the latest with any. */
  private async fiscalYearOf(db: EventStoreTransaction, generation: number, department: RegisteredDepartment, requested: number | undefined): Promise<number> {
    const years = await this.queries.fiscalYears(generation, department.departmentId, db);
    if (requested !== undefined) {
      if (!years.some((y) => y.fiscalYear === requested)) {
        throw new DomainError('NOT_FOUND', `“${department.name}”没有 ${requested} 年度的绩效目标表${years.length > 0 ? `（已有年度：${years.map((y) => y.fiscalYear).join('、')}）` : ''}`);
      }
      return requested;
    }
    const withApproved = years.filter((y) => y.approved > 0);
    const year = (withApproved.length > 0 ? withApproved : years).at(-1)?.fiscalYear;
    if (year === undefined) throw new DomainError('NOT_FOUND', `“${department.name}”还没有任何绩效目标表`);
    return year;
  }

  // ---- tables ------------------------------------------------------------------------------

  async table(actor: Actor, request: TableRequest): Promise<BuiltTable> {
    return this.store.snapshot(async (db) => {
      const generation = await this.generations.active(db);
      const meta = await this.generations.meta(generation, db);
      return this.build(db, meta, actor, request, 'asOf');
    });
  }

  async diff(actor: Actor, request: DiffRequest): Promise<TableDiff & { readonly generation: number; readonly fiscalYear: number; readonly departmentId: string }> {
    return this.store.snapshot(async (db) => {
      const generation = await this.generations.active(db);
      const meta = await this.generations.meta(generation, db);
      const base = { department: request.department, ...(request.fiscalYear !== undefined ? { fiscalYear: request.fiscalYear } : {}) };
      const from = await this.build(db, meta, actor, { ...base, asOf: request.from }, 'from');
      const to = await this.build(db, meta, actor, { ...base, fiscalYear: from.fiscalYear, asOf: request.to }, 'to');
      return { generation, departmentId: from.department.departmentId, fiscalYear: from.fiscalYear, ...diffTables(from.table, to.table) };
    });
  }

  /**
   * What a publication seals: the whole department's table of the year as the export builds it, and
   * every sheet of that year with its status, both read in the one snapshot of the live copy.
   */
  async publishable(actor: Actor, departmentId: string, fiscalYear: number): Promise<{ built: BuiltTable; sheets: PublishableSheet[] }> {
    return this.store.snapshot(async (db) => {
      const generation = await this.generations.active(db);
      const meta = await this.generations.meta(generation, db);
      const built = await this.build(db, meta, actor, { department: departmentId, fiscalYear }, 'asOf');
      const { model } = await this.queries.loadModel(generation, { departmentId, fiscalYear }, db);
      const sheets = progressFor(model, { departmentId, fiscalYear }, new Date().toISOString()).map((p): PublishableSheet => {
        const sheet = model.sheets.get(p.sheetId);
        return { sheetId: p.sheetId, unitId: p.unitId, projectName: p.projectName, status: p.status, submissionNo: p.submissionNo, reviewId: sheet?.approval?.reviewId ?? sheet?.lastReviewId ?? null };
      });
      return { built, sheets };
    });
  }

  /** The department by id, when the actor may read it (a unit user: its own department). */
  async readableDepartment(actor: Actor, departmentId: string): Promise<RegisteredDepartment> {
    return this.store.snapshot(async (db) => {
      const department = this.resolve(await this.queries.departments(await this.generations.active(db), db), departmentId);
      this.access(actor, department);
      return department;
    });
  }

  private async build(db: EventStoreTransaction, meta: GenerationMeta, actor: Actor, request: TableRequest, field: string): Promise<BuiltTable> {
    const { generation } = meta;
    const department = this.resolve(await this.queries.departments(generation, db), request.department);
    const scope = this.access(actor, department);
    const fiscalYear = await this.fiscalYearOf(db, generation, department, request.fiscalYear);
    const asOf = request.asOf ?? LATEST;
    checkAsOfBound(asOf, meta, new Date(), field);

    let model: ReportModel;
    let creation: CreationOrder;
    let verification: ChainReport | null = null;
    const streamIds = await this.queries.tableStreams(generation, department.departmentId, fiscalYear, db);
    // A unit user sees and verifies the chains of its own unit's sheets only, never its neighbours' ids and hashes.
    const visible = scope.unitId !== undefined ? new Set(await this.queries.unitStreams(generation, department.departmentId, fiscalYear, scope.unitId, db)) : null;
    if (asOf.kind === 'latest') {
      ({ model, creation } = await this.queries.loadModel(generation, { departmentId: department.departmentId, fiscalYear }, db));
      if (request.verify) {
        verification = await this.verify(this.queries.copiedEvents(generation, { streamIds: visible ? [...visible] : streamIds, upTo: { position: meta.position } }, db));
      }
    } else {
      const upTo = asOf.kind === 'position' ? { position: asOf.position } : { recordedAt: asOf.recordedAt };
      const rows: CopiedEvent[] = [];
      const verifier = new CopyVerifier();
      for await (const row of this.queries.copiedEvents(generation, { streamIds, upTo }, db)) {
        rows.push(row);
        if (request.verify && (!visible || visible.has(row.envelope.streamId))) verifier.check(row);
      }
      if (request.verify) verification = verifier.result();
      ({ model, creation } = foldCopied(rows));
      if (!model.departments.has(department.departmentId)) {
        throw new DomainError('NOT_FOUND', `在${asOf.kind === 'time' ? `时间 ${asOf.recordedAt}` : `日志位置 ${asOf.position}`}，“${department.name}”尚未登记`, { field });
      }
    }
    let table = orderTable(reportTableFor(model, department.departmentId, fiscalYear), creation);
    if (scope.unitId !== undefined) table = restrictToUnit(table, scope.unitId);
    return {
      generation,
      department,
      fiscalYear,
      asOf,
      table,
      chainHeads: chainHeadsFor(model, department.departmentId, fiscalYear).filter((h) => !visible || visible.has(h.streamId)),
      restrictedToUnit: scope.unitId ?? null,
      verification,
    };
  }

  private async verify(rows: AsyncIterable<CopiedEvent>): Promise<ChainReport> {
    const verifier = new CopyVerifier();
    for await (const row of rows) if (!verifier.check(row)) break;
    return verifier.result();
  }

  // ---- progress ----------------------------------------------------------------------------

  async progress(actor: Actor, filter: ProgressFilter): Promise<{ generation: number; position: string; items: SheetProgress[] }> {
    const scope = readScopeFilter(actor);
    if (scope === 'none') throw new DomainError('FORBIDDEN', '您的账号没有所属部门或单位，无法查看进度');
    for (const key of ['departmentId', 'unitId'] as const) {
      const own = scope[key];
      const wanted = filter[key];
      if (own !== undefined && wanted !== undefined && own !== wanted) throw new DomainError('FORBIDDEN', '只能查看本部门（本单位）的进度');
    }
    const { departmentIds, ...own } = scope;
    if (departmentIds !== undefined && filter.departmentId !== undefined && !departmentIds.includes(filter.departmentId)) {
      throw new DomainError('FORBIDDEN', '只能查看所负责部门的进度');
    }
    const merged: ProgressFilter = { ...filter, ...own };
    return this.store.snapshot(async (db) => {
      const generation = await this.generations.active(db);
      const meta = await this.generations.meta(generation, db);
      const { model, creation } = await this.queries.loadModel(generation, merged, db);
      const items = progressFor(model, merged, new Date().toISOString()).filter((p) => departmentIds === undefined || departmentIds.includes(p.departmentId));
      return { generation, position: meta.position, items: orderProgress(items, model, creation) };
    });
  }

  async status() {
    return this.store.snapshot(async (db) => {
      const generation = await this.generations.active(db);
      return { generation, live: await this.generations.meta(generation, db), generations: await this.generations.all(db) };
    });
  }
}
