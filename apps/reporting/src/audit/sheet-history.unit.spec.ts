import { NO_STATE_LABEL, sheetStreamId } from '@budget/domain';
import { subjectOf } from '../projection/stream-step';
import { EventLog, REFERENCE_TABLE, ZXRCBT_FINDINGS } from '../testing/event-log';
import { delegatorNames, delegatorsActedFor, sheetHistory } from './sheet-history';

describe('the history of one sheet', () => {
  const log = new EventLog();
  const imported = log.importTable(REFERENCE_TABLE);
  const cadre = imported.sheets.find((s) => s.name === '干部工作经费')!;
  const zx = imported.sheets.find((s) => s.name === 'ZXRCBT')!;
  const clerk = log.clerkOf(cadre.sheetId);
  log.sheet({ type: 'ChangeGoal', data: { sheetId: cadre.sheetId, goal: '完成干部人事档案数字化，提高档案管理水平。' } }, clerk);
  log.sheet({ type: 'ChangeFunding', data: { sheetId: cadre.sheetId, funding: { fiscalAppropriation: 62_000_000, specialAccountAppropriation: 0, otherFunds: 500_000 } } }, clerk);
  log.sheet(
    { type: 'ChangeIndicator', data: { sheetId: cadre.sheetId, indicatorId: `${cadre.sheetId}-ind-1`, changes: { annualTarget: '≥3500件' } } },
    clerk,
  );
  log.signOff(cadre.sheetId);
  log.signOff(zx.sheetId, { blocking: ZXRCBT_FINDINGS });

  const rowsOf = (sheetId: string) =>
    log.events
      .map((envelope, i) => ({ position: String(i + 1), sourcePosition: envelope.globalPosition, envelope }))
      .filter((r) => subjectOf(r.envelope) === sheetStreamId(sheetId));

  it('lists every event of the sheet and of its review, with time, actor and role', () => {
    const entries = sheetHistory(rowsOf(cadre.sheetId));
    expect(entries.map((e) => e.type)).toEqual([
      'DraftCreated',
      'DraftGoalChanged',
      'DraftFundingChanged',
      'DraftIndicatorChanged',
      'SheetSubmitted',
      'ReviewOpened',
      'FindingsRecorded',
      'LevelTaskOpened',
      'SheetReviewStarted',
      'LevelApproved',
      'LevelTaskOpened',
      'LevelApproved',
      'LevelTaskOpened',
      'ReviewApproved',
      'SheetApproved',
    ]);
    expect(entries.every((e) => e.unreadable === null && e.recordedAt.endsWith('Z') && e.actor.roleLabel !== '')).toBe(true);
    expect(entries[1]).toMatchObject({ label: '修改绩效目标', actor: { id: clerk.id, role: 'unit_clerk', roleLabel: '单位经办人' }, source: 'sheet' });
    expect(entries[13]).toMatchObject({ label: '终审通过（财政部门）', actor: { role: 'finance_reviewer', roleLabel: '财政审核人' }, source: 'review' });
  });

  it('says “代X审核” where a delegate acted, naming the delegator as the delegation’s grant recorded them', () => {
    const actingFor = { delegatorId: 'dept-1', delegationId: 'dlg-1' };
    const rows = rowsOf(cadre.sheetId).map((r) =>
      r.envelope.type === 'LevelApproved' && (r.envelope.data as { level: string }).level === 'department'
        ? { ...r, envelope: { ...r.envelope, actor: { id: 'dept-2', role: 'department_reviewer' as const }, data: { ...(r.envelope.data as object), actingFor } } }
        : r,
    );
    expect(delegatorsActedFor(rows)).toEqual(['dept-1']);
    const grant = { ...rows[0]!, envelope: { ...rows[0]!.envelope, streamId: 'delegations-dept-1', type: 'DelegationGranted', data: { delegationId: 'dlg-1', delegator: { id: 'dept-1', role: 'department_reviewer', name: '张三' } } } };
    const entries = sheetHistory(rows, delegatorNames([grant]));
    const byDelegate = entries.filter((e) => e.actingFor !== null);
    expect(byDelegate).toEqual([
      expect.objectContaining({ type: 'LevelApproved', label: '本级审核通过（主管部门），代张三审核', actor: expect.objectContaining({ id: 'dept-2' }), actingFor: { ...actingFor, delegatorName: '张三', label: '代张三审核' } }),
    ]);
    // Without the grant in the copy, the delegator's id stands in for the name.
    expect(sheetHistory(rows).find((e) => e.actingFor)?.actingFor?.label).toBe('代dept-1审核');
  });

  it('says what changed, field by field, old value → new value', () => {
    const entries = sheetHistory(rowsOf(cadre.sheetId));
    const byType = (type: string) => entries.find((e) => e.type === type)!;
    expect(byType('DraftGoalChanged').changes).toEqual([{ field: 'goal', before: expect.any(String), after: '完成干部人事档案数字化，提高档案管理水平。' }]);
    expect(byType('DraftFundingChanged').changes).toEqual([
      { field: 'funding.fiscalAppropriation', before: '61.30', after: '62.00' },
      { field: 'funding.otherFunds', before: '0.00', after: '0.50' },
    ]);
    expect(byType('DraftIndicatorChanged').changes).toEqual([{ field: 'indicators[0].annualTarget', before: '>3000件', after: '≥3500件' }]);
    expect(byType('SheetSubmitted').changes).toEqual([{ field: 'status', before: '草稿', after: '已提交' }]);
    expect(byType('SheetApproved')).toMatchObject({ changes: [{ field: 'status', before: '审核中', after: '已批复' }], details: { grade: '良', conditions: '按期报送执行情况' } });
    expect(byType('ReviewApproved').changes).toEqual(
      expect.arrayContaining([
        { field: 'review.status', before: '审核中', after: '审核通过' },
        { field: 'review.grade', before: null, after: '良' },
      ]),
    );
    expect(entries.find((e) => e.type === 'LevelApproved')!.details).toMatchObject({ level: 'unit_head', levelName: '单位负责人', comments: '同意' });
  });

  it('shows a review between two levels as 审核中 throughout: no status change until its outcome', () => {
    const entries = sheetHistory(rowsOf(cadre.sheetId));
    const statusChanges = entries.flatMap((e) => e.changes.filter((c) => c.field === 'review.status').map((c) => `${e.type}: ${c.before ?? ''} → ${c.after ?? ''}`));
    expect(statusChanges).toEqual([`ReviewOpened: ${NO_STATE_LABEL} → 审核中`, 'ReviewApproved: 审核中 → 审核通过']);
    expect(JSON.stringify(entries)).not.toContain('已开启');
  });

  it('names the origin of a draft carried forward into the next year, and no origin on an ordinary one', () => {
    const fresh = new EventLog();
    const origin = fresh.importTable(REFERENCE_TABLE).sheets.find((s) => s.name === '干部工作经费')!.sheetId;
    fresh.signOff(origin);
    const next = `${origin}-2027`;
    fresh.sheet({ type: 'CarryForwardSheet', data: { sheetId: next, origin: fresh.stateOf(origin) } }, fresh.clerkOf(origin));
    const rows = fresh.events.map((envelope, i) => ({ position: String(i + 1), sourcePosition: envelope.globalPosition, envelope }));
    const created = sheetHistory(rows.filter((r) => subjectOf(r.envelope) === sheetStreamId(next)));
    expect(created.map((e) => e.type)).toEqual(['DraftCreated']);
    expect(created[0]!.details).toEqual({ source: null, origin: { sheetId: origin, fiscalYear: 2026, submissionNo: 1, reviewId: expect.any(String) } });
    expect(sheetHistory(rows.filter((r) => subjectOf(r.envelope) === sheetStreamId(origin)))[0]!.details).toEqual({ source: expect.anything() });
  });

  it('includes the review findings, the waiver requested at submission and the waiver granted', () => {
    const entries = sheetHistory(rowsOf(zx.sheetId));
    expect(entries.find((e) => e.type === 'SheetSubmitted')!.details['waiverRequests']).toEqual([
      { ruleId: 'S01', field: 'goal', reason: '按已公开的目标表保留原样' },
      { ruleId: 'S02', field: 'indicators', reason: '按已公开的目标表保留原样' },
    ]);
    const findings = entries.find((e) => e.type === 'FindingsRecorded')!;
    expect((findings.details['findings'] as { ruleId: string }[]).map((f) => f.ruleId)).toEqual(['S01', 'S02']);
    const waiver = entries.find((e) => e.type === 'WaiverDecided')!;
    expect(waiver).toMatchObject({ label: '豁免决定（主管部门）', actor: { role: 'department_reviewer' }, details: { granted: true, reason: '同意豁免', findingKeys: ['S01@goal', 'S02@indicators'] } });
    expect(waiver.changes).toEqual([
      { field: 'findings[S01@goal].waiver', before: '已申请豁免', after: '已同意豁免' },
      { field: 'findings[S02@indicators].waiver', before: '已申请豁免', after: '已同意豁免' },
    ]);
  });

  it('lists events by the time they were recorded, whatever order the two topics arrived in', () => {
    const rows = rowsOf(zx.sheetId);
    const reviewsFirst = [...rows.filter((r) => r.envelope.streamId.startsWith('review-')), ...rows.filter((r) => r.envelope.streamId.startsWith('sheet-'))].map(
      (r, i) => ({ ...r, position: String(i + 1) }),
    );
    const entries = sheetHistory(reviewsFirst);
    expect(entries.map((e) => e.eventId)).toEqual(rows.map((r) => r.envelope.eventId));
    expect(entries.every((e) => e.unreadable === null)).toBe(true);
    expect(entries.find((e) => e.type === 'WaiverDecided')!.changes).toHaveLength(2);
  });

  it('lists an event it cannot read as it is, without stopping', () => {
    const rows = rowsOf(cadre.sheetId);
    const odd = { ...rows[1]!, envelope: { ...rows[1]!.envelope, type: 'DraftTeleported' } };
    const entries = sheetHistory([rows[0]!, odd, ...rows.slice(2)]);
    expect(entries).toHaveLength(rows.length);
    expect(entries[1]).toMatchObject({ type: 'DraftTeleported', label: 'DraftTeleported', changes: [] });
    expect(entries[1]!.unreadable).toEqual(expect.any(String));
  });
});
