import type { ImportLog, ImportRecord } from '../../infrastructure/import-log';
import { departmentIdFor } from '../../infrastructure/organisation-directory';
import { admin, ctx, given, type IntakeScenario } from '../../testing/intake-scenario';
import { ImportTableCommand } from './import-table.command';
import { ImportTableHandler } from './import-table.handler';

const DEPARTMENT = '某区某局';
const TABLE = [
  '项目支出绩效目标表（含转移支付项目）',
  '',
  `部门名称：${DEPARTMENT}`,
  '',
  '单位：万元',
  '',
  '项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标',
  '合计\t80.00\t70.00\t\t10.00\t\t',
  '某区河道管理所\t50.00\t40.00\t\t10.00\t\t',
  '河道巡查经费\t50.00\t40.00\t\t10.00\t开展河道巡查，及时发现并处置问题，保障河道安全。\t1、1-产出指标；11-数量指标；巡查里程；实施周期指标值：≥10km；年度指标值：≥10km。',
  '某区水文站\t30.00\t30.00\t\t\t\t',
  '水文监测经费\t30.00\t30.00\t\t\t做好水文监测，按时报送数据。\t1、1-产出指标；13-时效指标；数据报送及时率；实施周期指标值：100%；年度指标值：100%。',
  '',
].join('\n');

function importer(scenario: IntakeScenario) {
  const records: ImportRecord[] = [];
  const log = { record: (r: ImportRecord) => Promise.resolve(void records.push(r)) } as unknown as ImportLog;
  return { handler: new ImportTableHandler(scenario.departments, scenario.sheets, log), records };
}

describe('import-table', () => {
  it('given nothing, when the admin imports a table, then its department, units and one draft per project exist; again, nothing new', async () => {
    const scenario = await given();
    const { handler, records } = importer(scenario);
    const first = await handler.execute(new ImportTableCommand(ctx(admin), { kind: 'text', text: TABLE }, 2025));
    expect(first).toMatchObject({
      fiscalYear: 2025,
      department: { departmentId: departmentIdFor(DEPARTMENT), name: DEPARTMENT, created: true },
      grandTotal: '80.00',
      projects: { read: 2, created: 2, alreadyPresent: 0 },
      issues: [],
    });
    expect(first.units.map((u) => [u.name, u.total, u.created])).toEqual([
      ['某区河道管理所', '50.00', true],
      ['某区水文站', '30.00', true],
    ]);
    const [sheet] = first.sheets;
    expect((await scenario.sheets.load(sheet!.sheetId)).state).toMatchObject({ status: 'draft', source: { kind: 'import', importId: first.importId } });

    const again = await handler.execute(new ImportTableCommand(ctx(admin), { kind: 'text', text: TABLE }, 2025));
    expect(again).toMatchObject({ importId: first.importId, department: { created: false }, projects: { read: 2, created: 0, alreadyPresent: 2 } });
    expect(again.units.every((u) => !u.created)).toBe(true);
    expect(records.map((r) => [r.importId, r.importedBy])).toEqual([
      [first.importId, admin.id],
      [first.importId, admin.id],
    ]);
  });

  it('refuses a department reviewer another department’s table before anything is written', async () => {
    const scenario = await given();
    const { handler, records } = importer(scenario);
    const stranger = { id: 'dept-9', role: 'department_reviewer' as const, departmentId: 'dept-other' };
    await expect(handler.execute(new ImportTableCommand(ctx(stranger), { kind: 'text', text: TABLE }, 2025))).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: `您只能导入本部门的绩效目标表，该表属于“${DEPARTMENT}”`,
    });
    expect(scenario.store.all()).toEqual([]);
    expect(records).toEqual([]);
  });

  it('lets the department’s own reviewer import into the registered department, but not register it', async () => {
    const own = { id: 'dept-1', role: 'department_reviewer' as const, departmentId: departmentIdFor(DEPARTMENT) };
    const unregistered = await given();
    await expect(importer(unregistered).handler.execute(new ImportTableCommand(ctx(own), { kind: 'text', text: TABLE }, 2025))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const scenario = await given();
    await importer(scenario).handler.execute(new ImportTableCommand(ctx(admin), { kind: 'text', text: TABLE }, 2024));
    const summary = await importer(scenario).handler.execute(new ImportTableCommand(ctx(own), { kind: 'text', text: TABLE }, 2025));
    expect(summary).toMatchObject({ department: { created: false }, projects: { created: 2 } });
    expect(summary.units.map((u) => u.created)).toEqual([false, false]);
  });
});
