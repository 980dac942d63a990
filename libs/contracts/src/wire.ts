import { checkAsOfLimit, DomainError, parseWanYuan, type Fen } from '@budget/domain';
import { z } from 'zod';

/**
 * Building blocks of the request schemas. Each field is checked by hand-written code so that
 * its messages stay the Chinese ones the services have always answered with (请填写…,
 * …必须是文本); its JSON Schema (for OpenAPI) is given beside it, since a check in code has none.
 */

const REFUSED: unique symbol = Symbol('refused');
type Refused = typeof REFUSED;
type Refuse = (message: string) => Refused;

/** A schema whose wire type is `In` and whose parsed value is `Out`; `json` describes `In`. */
export function wire<Out, In = Out>(json: Record<string, unknown>, check: (value: unknown, refuse: Refuse) => Out | Refused): z.ZodType<Out, In> {
  return z
    .unknown()
    .transform((value, ctx) => {
      const out = check(value, (message) => {
        ctx.issues.push({ code: 'custom', message, input: value });
        return REFUSED;
      });
      return out === REFUSED ? z.NEVER : out;
    })
    .meta(json) as unknown as z.ZodType<Out, In>;
}

const absent = (v: unknown): v is null | undefined => v === undefined || v === null;

/** Text; absent (or null) is "请填写" when required and nothing otherwise. */
export function text(label: string, json: Record<string, unknown> = {}) {
  return wire<string>({ type: 'string', description: label, ...json }, (v, refuse) => {
    if (absent(v)) return refuse(`请填写${label}`);
    return typeof v === 'string' ? v : refuse(`${label}必须是文本`);
  });
}
export function optionalText(label: string, json: Record<string, unknown> = {}) {
  return wire<string | undefined, string | null | undefined>({ type: 'string', description: label, ...json }, (v, refuse) => {
    if (absent(v)) return undefined;
    return typeof v === 'string' ? v : refuse(`${label}必须是文本`);
  }).optional();
}

/** Text out of a closed list; `refusal` says what may be given. */
export function oneOf<const T extends string>(label: string, values: readonly T[], refusal: string, opts: { required: true }): z.ZodType<T, T>;
export function oneOf<const T extends string>(label: string, values: readonly T[], refusal: string, opts?: { required?: false }): z.ZodOptional<z.ZodType<T | undefined, T | null | undefined>>;
export function oneOf<const T extends string>(label: string, values: readonly T[], refusal: string, opts: { required?: boolean } = {}) {
  const schema = wire<T | undefined, T | null | undefined>({ type: 'string', enum: [...values], description: label }, (v, refuse) => {
    if (absent(v)) return opts.required ? refuse(`请填写${label}`) : undefined;
    if (typeof v !== 'string') return refuse(`${label}必须是文本`);
    return (values as readonly string[]).includes(v) ? (v as T) : refuse(refusal);
  });
  return opts.required ? schema : schema.optional();
}

/** A safe integer, also given as digits in text ("2024"). */
export function integer(label: string, json: Record<string, unknown> = {}) {
  return wire<number, number | string>({ type: 'integer', description: label, ...json }, (v, refuse) => {
    if (absent(v)) return refuse(`请填写${label}`);
    const n = typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v;
    return typeof n === 'number' && Number.isSafeInteger(n) ? n : refuse(`${label}必须是整数`);
  });
}
export function optionalInteger(label: string, json: Record<string, unknown> = {}) {
  return wire<number | undefined, number | string | null | undefined>({ type: 'integer', description: label, ...json }, (v, refuse) => {
    if (absent(v)) return undefined;
    const n = typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v;
    return typeof n === 'number' && Number.isSafeInteger(n) ? n : refuse(`${label}必须是整数`);
  }).optional();
}

export function optionalBoolean(label: string) {
  return wire<boolean | undefined, boolean | null | undefined>({ type: 'boolean', description: label }, (v, refuse) => {
    if (absent(v)) return undefined;
    return typeof v === 'boolean' ? v : refuse(`${label}必须是 true 或 false`);
  }).optional();
}
export function boolean(label: string) {
  return wire<boolean, boolean>({ type: 'boolean', description: label }, (v, refuse) => {
    if (absent(v)) return refuse(`请填写${label}`);
    return typeof v === 'boolean' ? v : refuse(`${label}必须是 true 或 false`);
  });
}

/** A list of texts; a missing required list is refused with the same words as a wrong one. */
export function textList(label: string) {
  return wire<string[], string[]>({ type: 'array', items: { type: 'string' }, description: label }, (v, refuse) =>
    Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : refuse(`${label}必须是文本列表`),
  );
}
export function optionalTextList(label: string) {
  return wire<string[] | undefined, string[] | null | undefined>({ type: 'array', items: { type: 'string' }, description: label }, (v, refuse) => {
    if (absent(v)) return undefined;
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : refuse(`${label}必须是文本列表`);
  }).optional();
}

const VERSION_MISSING = '请提供您看到的版本号 expectedVersion（或 If-Match 请求头），以免覆盖他人的修改';
const VERSION_JSON = { type: 'integer', minimum: 1, description: '您看到的版本号（也可用 If-Match 请求头）' };
function version(v: unknown, refuse: Refuse): number | Refused {
  if (absent(v)) return refuse(VERSION_MISSING);
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 ? v : refuse('版本号必须是正整数');
}
/** The version the client saw; readBody() fills it from If-Match when the body has none. */
export const expectedVersion = wire<number, number>(VERSION_JSON, version);
export const optionalExpectedVersion = wire<number, number>(VERSION_JSON, version).optional();

/** An amount in 万元 as exact decimal text (or a number), read into integer 分; blank is 0. */
export const wanYuan = wire<Fen, string | number | null | undefined>(
  { anyOf: [{ type: 'string', pattern: '^\\d+(\\.\\d{1,4})?$', examples: ['30.00'] }, { type: 'number', minimum: 0 }], description: '金额（万元，最多4位小数）' },
  (v, refuse) => {
    if (absent(v) || v === '') return 0;
    const parsed = parseWanYuan(v);
    return parsed.ok ? parsed.value : refuse(parsed.message);
  },
)
  .optional()
  .transform((v) => v ?? 0);

/** A moment of the reporting log: now (absent), a position (digits) or an ISO-8601 instant with a zone. */
export function asOfText(label = '时间点') {
  return wire<string | undefined, string | undefined>(
    { type: 'string', description: `${label}：ISO-8601 时间（带时区）或报表日志位置；省略为当前`, examples: ['2026-11-26T10:00:00+08:00', '1234'] },
    (v, refuse) => {
      if (absent(v) || v === '') return undefined;
      if (typeof v !== 'string') return refuse(`${label}只能给一个值`);
      const t = v.trim();
      if (t === '' || t === 'latest' || t === 'now') return v;
      try {
        checkAsOfLimit(/^\d+$/.test(t) ? { globalPosition: t } : { recordedAt: t });
      } catch (error) {
        if (error instanceof DomainError) return refuse(error.message);
        throw error;
      }
      return v;
    },
  ).optional();
}

/** A JSON object that refuses unknown keys, with the messages of the services. */
export function strictObject<S extends z.ZodRawShape>(shape: S, messages: { notObject?: string; unknownKey?: string } = {}) {
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? (messages.unknownKey ?? '未知字段') : (messages.notObject ?? '请求内容必须是 JSON 对象')),
  });
}
