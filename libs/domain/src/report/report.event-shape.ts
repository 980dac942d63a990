import { assertNever } from '../errors';
import { type DepartmentEvent } from '../organisation/organisation.types';
import { isRecord } from '../core/upcasting';
import { SIGN_OFF_LEVEL_ROLES } from '../review/review.chain';
import { type ReviewEvent, SIGN_OFF_LEVELS } from '../review/review.types';
import { type SheetEvent } from '../sheet/sheet.types';
import { isReviewLevelEvent } from './report.read-models';

/**
 * Upcasters pass data of the current version through unchecked (the writer was this code), but
 * the report reads events that crossed Kafka: what it relies on is checked here, so a bad
 * message becomes a dead letter instead of a crash deep inside a fold or a wrong table.
 */
export class MalformedEventData extends Error {}

function fail(path: string, what: string): never {
  throw new MalformedEventData(`${path} ${what}`);
}

function field(data: Record<string, unknown>, path: string, key: string): unknown {
  return data[key] ?? (Object.hasOwn(data, key) ? null : fail(`${path}.${key}`, 'is missing'));
}

function text(data: Record<string, unknown>, path: string, key: string): string {
  const value = field(data, path, key);
  return typeof value === 'string' ? value : fail(`${path}.${key}`, 'is not text');
}

function optionalText(data: Record<string, unknown>, path: string, key: string): void {
  const value = data[key];
  if (value !== undefined && value !== null && typeof value !== 'string') fail(`${path}.${key}`, 'is not text or null');
}

function integer(data: Record<string, unknown>, path: string, key: string, min: number): number {
  const value = field(data, path, key);
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min ? value : fail(`${path}.${key}`, `is not an integer ≥ ${min}`);
}

function record(value: unknown, path: string): Record<string, unknown> {
  return isRecord(value) ? value : fail(path, 'is not an object');
}

function list(value: unknown, path: string): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : fail(path, 'is not a list');
}

function funding(value: unknown, path: string): void {
  const f = record(value, path);
  for (const key of ['fiscalAppropriation', 'specialAccountAppropriation', 'otherFunds']) integer(f, path, key, 0);
}

function target(value: unknown, path: string): void {
  const t = record(value, path);
  text(t, path, 'text');
  record(t['parsed'], `${path}.parsed`);
}

function indicatorValues(i: Record<string, unknown>, path: string, partial: boolean): void {
  for (const key of ['level1', 'level2', 'name']) {
    if (!partial || i[key] !== undefined) text(i, path, key);
  }
  for (const key of ['periodTarget', 'annualTarget']) {
    if (!partial || i[key] !== undefined) target(i[key], `${path}.${key}`);
  }
}

function indicator(value: unknown, path: string): void {
  const i = record(value, path);
  text(i, path, 'indicatorId');
  indicatorValues(i, path, false);
}

function content(value: unknown, path: string): void {
  const c = record(value, path);
  text(c, path, 'sheetId');
  integer(c, path, 'fiscalYear', 1);
  text(c, path, 'departmentId');
  text(c, path, 'unitId');
  text(c, path, 'projectName');
  funding(c['funding'], `${path}.funding`);
  text(c, path, 'goal');
  list(c['indicators'], `${path}.indicators`).forEach((x, n) => indicator(x, `${path}.indicators[${n}]`));
}

/** Throws MalformedEventData naming the first field that does not fit. */
export function checkSheetEventShape(event: SheetEvent): void {
  const d = record(event.data, 'data');
  text(d, 'data', 'sheetId');
  switch (event.type) {
    case 'DraftCreated':
      content(d, 'data');
      text(d, 'data', 'createdBy');
      if (d['source'] !== null) record(d['source'], 'data.source');
      return;
    case 'DraftProjectRenamed':
    case 'DraftGoalChanged':
      text(d, 'data', 'after');
      text(d, 'data', 'editedBy');
      return;
    case 'DraftFundingChanged':
      funding(d['after'], 'data.after');
      text(d, 'data', 'editedBy');
      return;
    case 'DraftIndicatorAdded':
      indicator(d['indicator'], 'data.indicator');
      integer(d, 'data', 'position', 0);
      text(d, 'data', 'editedBy');
      return;
    case 'DraftIndicatorChanged':
      text(d, 'data', 'indicatorId');
      indicatorValues(record(d['after'], 'data.after'), 'data.after', true);
      text(d, 'data', 'editedBy');
      return;
    case 'DraftIndicatorRemoved':
      indicator(d['indicator'], 'data.indicator');
      text(d, 'data', 'editedBy');
      return;
    case 'DraftIndicatorsReordered':
      list(d['after'], 'data.after').forEach((id, n) => typeof id === 'string' || fail(`data.after[${n}]`, 'is not text'));
      text(d, 'data', 'editedBy');
      return;
    case 'SheetSubmitted':
      integer(d, 'data', 'submissionNo', 1);
      content(d['content'], 'data.content');
      list(d['waiverRequests'], 'data.waiverRequests');
      return;
    case 'SheetWithdrawn':
    case 'SheetReopened':
      return;
    case 'SheetReviewStarted':
      text(d, 'data', 'reviewId');
      return;
    case 'SheetRevisionRequested':
      text(d, 'data', 'reviewId');
      integer(d, 'data', 'round', 1);
      list(d['reasons'], 'data.reasons');
      optionalText(d, 'data', 'comments');
      return;
    case 'SheetApproved':
      text(d, 'data', 'reviewId');
      if (d['grade'] !== '优' && d['grade'] !== '良') fail('data.grade', 'is not 优 or 良');
      optionalText(d, 'data', 'conditions');
      return;
    case 'SheetRejected':
      text(d, 'data', 'reviewId');
      text(d, 'data', 'reason');
      return;
    default:
      return assertNever(event, 'sheet event');
  }
}

export function checkDepartmentEventShape(event: DepartmentEvent): void {
  const d = record(event.data, 'data');
  text(d, 'data', 'departmentId');
  switch (event.type) {
    case 'DepartmentRegistered':
      text(d, 'data', 'name');
      return;
    case 'UnitAdded':
      text(d, 'data', 'unitId');
      text(d, 'data', 'name');
      integer(d, 'data', 'position', 0);
      return;
    case 'UnitRenamed':
      text(d, 'data', 'unitId');
      text(d, 'data', 'after');
      return;
    default:
      return assertNever(event, 'department event');
  }
}

/**
 * What the report reads of a review event: the sheet and review it is about, and the level of the
 * sign-off chain (null only for a revision request the service decided itself), with the role of a task.
 */
export function checkReviewEventShape(event: ReviewEvent): void {
  const d = record(event.data, 'data');
  text(d, 'data', 'sheetId');
  text(d, 'data', 'reviewId');
  if (!isReviewLevelEvent(event)) return;
  const level = field(d, 'data', 'level');
  const nullable = event.type === 'ReviewRevisionRequested';
  if (!(SIGN_OFF_LEVELS as readonly unknown[]).includes(level) && !(nullable && level === null)) {
    fail('data.level', `is not one of ${SIGN_OFF_LEVELS.join(', ')}${nullable ? ' or null' : ''}`);
  }
  if (event.type === 'LevelTaskOpened' && !(Object.values(SIGN_OFF_LEVEL_ROLES) as unknown[]).includes(d['role'])) {
    fail('data.role', `is not one of ${Object.values(SIGN_OFF_LEVEL_ROLES).join(', ')}`);
  }
}
