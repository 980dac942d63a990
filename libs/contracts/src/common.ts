import { ROLES } from '@budget/domain';
import { z } from 'zod';

export const actorSchema = z.looseObject({
  id: z.string(),
  role: z.enum(ROLES),
  name: z.string().optional(),
  departmentId: z.string().optional(),
  unitId: z.string().optional(),
});

/** An event as stored: envelope, data, and its link in the stream's hash chain. */
export const recordedEventSchema = z
  .looseObject({
    eventId: z.string(),
    type: z.string(),
    schemaVersion: z.number().int(),
    streamId: z.string(),
    streamVersion: z.number().int(),
    globalPosition: z.string(),
    occurredAt: z.string(),
    recordedAt: z.string(),
    actor: actorSchema,
    correlationId: z.string(),
    causationId: z.string().nullable(),
    data: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'RecordedEvent', description: '事件（含哈希链）' });

export function apiList<T extends z.ZodType>(item: T) {
  return z.looseObject({ items: z.array(item) });
}

export const fieldErrorSchema = z.object({ field: z.string(), message: z.string() });
export const errorBodySchema = z
  .looseObject({ statusCode: z.number().int(), code: z.string(), message: z.string(), fieldErrors: z.array(fieldErrorSchema).optional() })
  .meta({ id: 'Error', description: '错误：状态码、错误代码、中文说明，输入有误时逐字段说明' });

export const healthSchema = z.looseObject({ status: z.string() });
