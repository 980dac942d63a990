import { z } from 'zod';
import { apiList } from './common';
import { optionalText, strictObject } from './wire';

/** The dead letters of a service's consumers (GET /dead-letters on each service): the query is the one reporting always took. */
export { deadLettersQuery } from './reporting';

/** POST /dead-letters/replay: one consumer of the service, or all of them. */
export const replayDeadLettersBody = strictObject(
  { consumer: optionalText('消费者名称') },
  { unknownKey: '未知字段（可用：consumer）' },
);

export const deadLetterList = apiList(
  z.looseObject({
    id: z.string(),
    consumer: z.string(),
    topic: z.string(),
    partition: z.number().int(),
    offset: z.string(),
    key: z.string().nullable(),
    reason: z.string(),
    failedAt: z.string(),
    replayedAt: z.string().nullable(),
    payload: z.string().nullable(),
  }),
);

export const replayResults = z.looseObject({
  results: z.array(z.looseObject({ consumer: z.string(), replayed: z.number().int(), stillFailing: z.number().int() })),
});
