import { listedFieldErrors } from '@budget/platform';

/** A 400 of a reporting query names its one field error, or lists them all. */
export const queryErrors = listedFieldErrors('查询参数有误：');
