import { targetValue } from '../target-value';
import { EventSchemaError } from '../core/upcasting';
import { foldSheet } from './sheet.decider';
import { type SheetEvent } from './sheet.types';
import { SHEET_EVENT_SCHEMA_VERSIONS, upcastSheetEvent } from './sheet.upcasters';
import {
  approved,
  clerk,
  CONTENT,
  draftCreated,
  HISTORIES,
  IND_1,
  IND_3,
  indicator,
  rejected,
  reopened,
  reviewStarted,
  revisionRequested,
  SHEET_ID,
  submitted,
  withdrawn,
} from './testing/sheet-fixtures';

/** What the store hands a reader: the JSON text of the data, parsed. */
function stored(type: string, schemaVersion: number, json: string) {
  return { type, schemaVersion, data: JSON.parse(json) as unknown };
}

const current = (event: SheetEvent) => stored(event.type, SHEET_EVENT_SCHEMA_VERSIONS[event.type], JSON.stringify(event.data));

const V1_INDICATOR_1 = JSON.stringify({ ...IND_1 });
const V1_CONTENT = `{"sheetId":"${SHEET_ID}","fiscalYear":2025,"departmentId":"dept-zzb","unitId":"unit-zzb","projectName":"关爱党员专项经费",
  "funding":{"fiscalAppropriation":30000000,"specialAccountAppropriation":0,"otherFunds":0},
  "goal":"通过开展党内关爱扶助工作，体现党的温暖就在身边。",
  "indicators":[${V1_INDICATOR_1},
    {"indicatorId":"ind-2","level1":"1-产出指标","level2":"11-数量指标","name":"经费足额下达率","periodTarget":"100%","annualTarget":"100%"},
    {"indicatorId":"ind-3","level1":"2-效益指标","level2":"22-社会效益","name":"慰问困难的党员","periodTarget":"困难党员 生活改善","annualTarget":"有所改善"}]}`;

const ALL_CURRENT_EVENTS: readonly SheetEvent[] = [
  draftCreated({ source: { kind: 'import', importId: 'import-1', line: 7 } }),
  { type: 'DraftProjectRenamed', data: { sheetId: SHEET_ID, before: '甲', after: '乙', editedBy: clerk.id } },
  {
    type: 'DraftFundingChanged',
    data: { sheetId: SHEET_ID, before: CONTENT.funding, after: { ...CONTENT.funding, otherFunds: 1 }, editedBy: clerk.id },
  },
  { type: 'DraftGoalChanged', data: { sheetId: SHEET_ID, before: '', after: '目标', editedBy: clerk.id } },
  { type: 'DraftIndicatorAdded', data: { sheetId: SHEET_ID, indicator: indicator(IND_3), position: 0, editedBy: clerk.id } },
  {
    type: 'DraftIndicatorChanged',
    data: { sheetId: SHEET_ID, indicatorId: 'ind-1', before: { name: '甲' }, after: { name: '乙' }, editedBy: clerk.id },
  },
  { type: 'DraftIndicatorRemoved', data: { sheetId: SHEET_ID, indicator: indicator(IND_3), position: 2, editedBy: clerk.id } },
  { type: 'DraftIndicatorsReordered', data: { sheetId: SHEET_ID, before: ['a', 'b'], after: ['b', 'a'], editedBy: clerk.id } },
  submitted({
    waiverRequests: [{ ruleId: 'S01', reason: '理由' }],
    changesSincePrevious: { fields: ['goal'], indicatorsAdded: [], indicatorsRemoved: [], indicatorsChanged: [], indicatorsReordered: false },
  }),
  withdrawn(),
  reviewStarted(),
  revisionRequested(),
  approved(),
  rejected(),
  reopened(),
];

describe('sheet event schema versions', () => {
  it('has a version for every event type, 2 for those that carry target values', () => {
    expect(SHEET_EVENT_SCHEMA_VERSIONS).toEqual({
      DraftCreated: 2,
      DraftProjectRenamed: 1,
      DraftFundingChanged: 1,
      DraftGoalChanged: 1,
      DraftIndicatorAdded: 2,
      DraftIndicatorChanged: 2,
      DraftIndicatorRemoved: 2,
      DraftIndicatorsReordered: 1,
      SheetSubmitted: 2,
      SheetWithdrawn: 1,
      SheetReviewStarted: 1,
      SheetRevisionRequested: 1,
      SheetApproved: 1,
      SheetRejected: 1,
      SheetReopened: 1,
    });
    expect(new Set(ALL_CURRENT_EVENTS.map((e) => e.type)).size).toBe(Object.keys(SHEET_EVENT_SCHEMA_VERSIONS).length);
  });
});

describe('upcastSheetEvent', () => {
  describe('current versions', () => {
    it.each(ALL_CURRENT_EVENTS.map((e) => [e.type, e] as const))('reads %s back unchanged through JSON', (_, event) => {
      const read = upcastSheetEvent(current(event));
      expect(read).toEqual(event);
      expect(JSON.stringify(read.data)).toBe(JSON.stringify(event.data));
    });
  });

  describe('v1: target values stored as text', () => {
    it('DraftCreated', () => {
      const json = V1_CONTENT.replace(/}$/, ',"source":null,"createdBy":"clerk-1"}');
      expect(upcastSheetEvent(stored('DraftCreated', 1, json))).toEqual(draftCreated());
    });

    it('DraftIndicatorAdded', () => {
      const json = `{"sheetId":"${SHEET_ID}","indicator":${V1_INDICATOR_1},"position":1,"editedBy":"clerk-1"}`;
      expect(upcastSheetEvent(stored('DraftIndicatorAdded', 1, json))).toEqual({
        type: 'DraftIndicatorAdded',
        data: { sheetId: SHEET_ID, indicator: indicator(IND_1), position: 1, editedBy: clerk.id },
      });
    });

    it('DraftIndicatorChanged, converting only the target fields present', () => {
      const json = `{"sheetId":"${SHEET_ID}","indicatorId":"ind-1","before":{"name":"甲","annualTarget":"≥100人"},
        "after":{"name":"乙","annualTarget":"年底前 完成"},"editedBy":"clerk-1"}`;
      expect(upcastSheetEvent(stored('DraftIndicatorChanged', 1, json))).toEqual({
        type: 'DraftIndicatorChanged',
        data: {
          sheetId: SHEET_ID,
          indicatorId: 'ind-1',
          before: { name: '甲', annualTarget: targetValue('≥100人') },
          after: { name: '乙', annualTarget: targetValue('年底前 完成') },
          editedBy: clerk.id,
        },
      });
      const namesOnly = `{"sheetId":"${SHEET_ID}","indicatorId":"ind-1","before":{"name":"甲"},"after":{"name":"乙"},"editedBy":"clerk-1"}`;
      expect(upcastSheetEvent(stored('DraftIndicatorChanged', 1, namesOnly)).data).toEqual(JSON.parse(namesOnly));
    });

    it('DraftIndicatorRemoved', () => {
      const json = `{"sheetId":"${SHEET_ID}","indicator":${V1_INDICATOR_1},"position":0,"editedBy":"clerk-1"}`;
      expect(upcastSheetEvent(stored('DraftIndicatorRemoved', 1, json)).data).toEqual({
        sheetId: SHEET_ID,
        indicator: indicator(IND_1),
        position: 0,
        editedBy: clerk.id,
      });
    });

    it('SheetSubmitted', () => {
      const json = `{"sheetId":"${SHEET_ID}","submissionNo":1,"content":${V1_CONTENT},"createdBy":"clerk-1","lastEditedBy":"clerk-1",
        "submittedBy":"clerk-1","submittedAt":"2025-03-01T08:00:00.000Z","waiverRequests":[],"changesSincePrevious":null}`;
      expect(upcastSheetEvent(stored('SheetSubmitted', 1, json))).toEqual(submitted());
    });

    it('keeps the text exactly, spaces and all, and is stable through a second JSON trip', () => {
      const json = `{"sheetId":"${SHEET_ID}","indicator":{"indicatorId":"i","level1":"","level2":"","name":"","periodTarget":" 3000件 ","annualTarget":"**"},"position":0,"editedBy":"c"}`;
      const once = upcastSheetEvent(stored('DraftIndicatorAdded', 1, json));
      const twice = upcastSheetEvent(stored('DraftIndicatorAdded', 2, JSON.stringify(once.data)));
      expect(twice).toEqual(once);
      expect(once.type === 'DraftIndicatorAdded' && once.data.indicator.periodTarget.text).toBe(' 3000件 ');
      expect(once.type === 'DraftIndicatorAdded' && once.data.indicator.annualTarget.parsed.kind).toBe('empty');
    });

    it('does not touch its input', () => {
      const input = stored('DraftIndicatorAdded', 1, `{"sheetId":"s","indicator":${V1_INDICATOR_1},"position":0,"editedBy":"c"}`);
      const before = JSON.stringify(input);
      upcastSheetEvent(input);
      expect(JSON.stringify(input)).toBe(before);
    });

    it('folds a v1 stream to the same state as the v2 stream', () => {
      const v1 = [
        stored('DraftCreated', 1, V1_CONTENT.replace(/}$/, ',"source":null,"createdBy":"clerk-1"}')),
        stored('SheetSubmitted', 1, JSON.stringify({ ...submitted().data, content: JSON.parse(V1_CONTENT) as unknown })),
      ];
      expect(foldSheet(v1.map(upcastSheetEvent))).toEqual(foldSheet(HISTORIES.submitted));
    });
  });

  describe('what a reader cannot read', () => {
    const codeOf = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (error) {
        if (error instanceof EventSchemaError) return error.code;
        throw error;
      }
      return undefined;
    };

    it('an unknown type', () => {
      expect(codeOf(() => upcastSheetEvent(stored('SheetArchived', 1, '{}')))).toBe('UNKNOWN_EVENT_TYPE');
      expect(codeOf(() => upcastSheetEvent(stored('toString', 1, '{}')))).toBe('UNKNOWN_EVENT_TYPE');
    });

    it.each([
      ['a future version', 3],
      ['version 0', 0],
      ['a fractional version', 1.5],
    ])('%s', (_, version) => {
      expect(codeOf(() => upcastSheetEvent(stored('DraftCreated', version, '{}')))).toBe('UNSUPPORTED_SCHEMA_VERSION');
    });

    it('a v2 reader given version 2 of a type still at 1', () => {
      expect(codeOf(() => upcastSheetEvent(stored('SheetApproved', 2, '{}')))).toBe('UNSUPPORTED_SCHEMA_VERSION');
    });

    it('v1 data of the wrong shape', () => {
      expect(codeOf(() => upcastSheetEvent(stored('DraftIndicatorAdded', 1, '{"indicator":{"periodTarget":5,"annualTarget":"x"}}')))).toBe(
        'MALFORMED_EVENT',
      );
      expect(codeOf(() => upcastSheetEvent(stored('DraftCreated', 1, '{"indicators":"none"}')))).toBe('MALFORMED_EVENT');
      expect(codeOf(() => upcastSheetEvent(stored('SheetSubmitted', 1, '{"content":null}')))).toBe('MALFORMED_EVENT');
      expect(codeOf(() => upcastSheetEvent(stored('DraftCreated', 1, 'null')))).toBe('MALFORMED_EVENT');
    });

    it('current data that is not an object', () => {
      expect(codeOf(() => upcastSheetEvent(stored('SheetApproved', 1, '"approved"')))).toBe('MALFORMED_EVENT');
    });

    it('carries type and version for the dead-letter record', () => {
      try {
        upcastSheetEvent(stored('DraftCreated', 9, '{}'));
        throw new Error('not refused');
      } catch (error) {
        expect(error).toBeInstanceOf(EventSchemaError);
        expect(error).toMatchObject({ eventType: 'DraftCreated', schemaVersion: 9, message: 'DraftCreated schema version 9 is not readable (current 2)' });
      }
    });
  });
});
