import dayjs, { type Dayjs } from 'dayjs';

/**
 * Every time on these screens is Beijing time (UTC+08:00), whatever the browser's zone: what a
 * person reads in the 变更记录 is what they type into 截至时间, and the API gets it with its offset.
 */
const OFFSET_MS = 8 * 3600 * 1000;

/** An ISO instant as Beijing wall-clock text, `2026-12-03 16:24:26`. */
export function formatBeijing(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** A picker value (its wall-clock fields read as Beijing time) as ISO with `+08:00`. */
export function toBeijingIso(value: Dayjs): string {
  return `${value.format('YYYY-MM-DDTHH:mm:ss')}+08:00`;
}

/** The reverse of toBeijingIso, for putting an ISO instant back into a picker. */
export function fromIso(iso: string | null | undefined): Dayjs | null {
  if (!iso) return null;
  const text = formatBeijing(iso);
  return text ? dayjs(text, 'YYYY-MM-DD HH:mm:ss') : null;
}
