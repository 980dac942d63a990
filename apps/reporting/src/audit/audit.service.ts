import { Injectable } from '@nestjs/common';
import { type Actor, delegationStreamId, departmentStreamId, DomainError, mayRead, signOffChainStreamId } from '@budget/domain';
import { type CheckpointCheck, CheckpointService } from '../checkpoints/checkpoint.service';
import { Generations } from '../infrastructure/generations.repository';
import { ReportQueries } from '../infrastructure/report-queries';
import { ReportStore } from '../infrastructure/report-store';
import { type CopiedEvent } from '../projection/copied-events';
import { type ChainReport, CopyVerifier } from './chain-check';
import { departmentHistory } from './department-history';
import { delegatorNames, delegatorsActedFor, sheetHistory } from './sheet-history';

/** The audit side: the hash chains and checkpoints of the live copy, and the history of a sheet or a department, each in one snapshot. */
@Injectable()
export class AuditService {
  constructor(
    private readonly store: ReportStore,
    private readonly generations: Generations,
    private readonly queries: ReportQueries,
    private readonly checkpoints: CheckpointService,
  ) {}

  /**
   * Every hash chain the live copy holds, and the copy against the signed checkpoints, in one
   * snapshot. `ok` only when both hold: a chain re-hashed from end to end is consistent on its
   * own (chainsOk) and is caught by the checkpoints alone.
   */
  async verifyAll(actor: Actor): Promise<
    ChainReport & { readonly chainsOk: boolean; readonly checkpoints: CheckpointCheck; readonly generation: number; readonly position: string; readonly checkedAt: string; readonly durationMs: number }
  > {
    const started = Date.now();
    return this.store.snapshot(async (db) => {
      const generation = await this.generations.active(db);
      const meta = await this.generations.meta(generation, db);
      const verifier = new CopyVerifier();
      // A finance desk verifies its departments' chains; auditors, admins and unassigned finance all of them.
      const desk = actor.role === 'finance_reviewer' && actor.departmentIds !== undefined ? new Set(await this.queries.departmentsStreams(generation, actor.departmentIds, db)) : null;
      let intact = true;
      for await (const row of this.queries.copiedEvents(generation, { upTo: { position: meta.position }, pageSize: 2000, ...(desk ? { streamIds: [...desk] } : {}) }, db)) {
        if (!verifier.check(row)) {
          intact = false;
          break;
        }
      }
      if (intact) verifier.checkHeads((await this.queries.streamHeads(generation, db)).filter((h) => !desk || desk.has(h.streamId)));
      const chains = verifier.result();
      const checkpoints = await this.checkpoints.check(db, generation, desk ? actor.departmentIds : undefined);
      return {
        generation,
        position: meta.position,
        ...chains,
        ok: chains.ok && checkpoints.ok,
        chainsOk: chains.ok,
        checkpoints,
        checkedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
      };
    });
  }

  /** Every event of the sheet and of its reviews, with who changed what. */
  async history(actor: Actor, sheetId: string) {
    return this.store.snapshot(async (db) => {
      const generation = await this.generations.active(db);
      const { model } = await this.queries.loadModel(generation, { sheetId }, db);
      const sheet = model.sheets.get(sheetId);
      if (!sheet) throw new DomainError('NOT_FOUND', `未找到绩效目标表 ${sheetId}`);
      const c = sheet.state.content;
      if (!mayRead(actor, { departmentId: c.departmentId, unitId: c.unitId })) throw new DomainError('FORBIDDEN', '无权查看该绩效目标表的历史');
      const rows: CopiedEvent[] = [];
      for await (const row of this.queries.copiedEvents(generation, { subject: sheet.streamId }, db)) rows.push(row);
      // A delegate's review events name the delegation; its grant, on the delegator's stream, names the delegator.
      const grants: CopiedEvent[] = [];
      const delegators = delegatorsActedFor(rows);
      if (delegators.length > 0) for await (const row of this.queries.copiedEvents(generation, { streamIds: delegators.map(delegationStreamId) }, db)) grants.push(row);
      return {
        generation,
        sheetId,
        projectName: c.projectName,
        departmentId: c.departmentId,
        departmentName: model.departments.get(c.departmentId)?.name ?? null,
        unitId: c.unitId,
        fiscalYear: c.fiscalYear,
        status: sheet.state.status,
        entries: sheetHistory(rows, delegatorNames(grants)),
      };
    });
  }

  /** The department's registration and units, and every change of its sign-off chain: who, when, old → new. */
  async departmentHistory(actor: Actor, departmentId: string) {
    if (!mayRead(actor, { departmentId })) throw new DomainError('FORBIDDEN', '无权查看该部门的变更记录');
    return this.store.snapshot(async (db) => {
      const generation = await this.generations.active(db);
      const department = (await this.queries.departments(generation, db)).find((d) => d.departmentId === departmentId);
      if (!department) throw new DomainError('NOT_FOUND', `未找到部门 ${departmentId}`);
      const rows: CopiedEvent[] = [];
      for await (const row of this.queries.copiedEvents(generation, { streamIds: [departmentStreamId(departmentId), signOffChainStreamId(departmentId)] }, db)) rows.push(row);
      return { generation, departmentId, name: department.name, entries: departmentHistory(rows) };
    });
  }
}
