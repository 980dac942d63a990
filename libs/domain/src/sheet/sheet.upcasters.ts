import { targetValue } from '../target-value';
import { createUpcaster, isRecord, malformed, type StoredEvent } from '../core/upcasting';
import { type SheetEvent, type SheetEventType } from './sheet.types';

/** The version each event type is written with; readers upcast anything older. */
export const SHEET_EVENT_SCHEMA_VERSIONS: Readonly<Record<SheetEventType, number>> = {
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
};

// v1 → v2 (see sheet.events.v1.ts): parse target texts as the v2 writer would have.

const TARGET_FIELDS = ['periodTarget', 'annualTarget'] as const;

function targetsParsed(value: unknown, path: string, required: boolean): Record<string, unknown> {
  if (!isRecord(value)) return malformed(`${path} is not an object`);
  const upcast: Record<string, unknown> = { ...value };
  for (const field of TARGET_FIELDS) {
    const text = value[field];
    if (text === undefined && !required) continue;
    if (typeof text !== 'string') return malformed(`${path}.${field} is not text`);
    upcast[field] = targetValue(text);
  }
  return upcast;
}

function indicatorsParsed(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) return malformed(`${path} is not a list`);
  return value.map((indicator: unknown, index) => targetsParsed(indicator, `${path}[${index}]`, true));
}

function dataRecord(data: unknown): Record<string, unknown> {
  return isRecord(data) ? data : malformed('data is not an object');
}

/** Pure: the same stored event always gives the same current event. Throws EventSchemaError for what it cannot read. */
export const upcastSheetEvent: (stored: StoredEvent) => SheetEvent = createUpcaster<SheetEvent>(SHEET_EVENT_SCHEMA_VERSIONS, {
  DraftCreated: {
    1: (data) => {
      const d = dataRecord(data);
      return { ...d, indicators: indicatorsParsed(d['indicators'], 'indicators') };
    },
  },
  DraftIndicatorAdded: {
    1: (data) => {
      const d = dataRecord(data);
      return { ...d, indicator: targetsParsed(d['indicator'], 'indicator', true) };
    },
  },
  DraftIndicatorChanged: {
    1: (data) => {
      const d = dataRecord(data);
      return { ...d, before: targetsParsed(d['before'], 'before', false), after: targetsParsed(d['after'], 'after', false) };
    },
  },
  DraftIndicatorRemoved: {
    1: (data) => {
      const d = dataRecord(data);
      return { ...d, indicator: targetsParsed(d['indicator'], 'indicator', true) };
    },
  },
  SheetSubmitted: {
    1: (data) => {
      const d = dataRecord(data);
      const content = dataRecord(d['content']);
      return { ...d, content: { ...content, indicators: indicatorsParsed(content['indicators'], 'content.indicators') } };
    },
  },
});
