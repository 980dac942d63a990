import { bindClient, type BudgetClient, type ClientOptions } from './http-client';
import { ROUTES } from './routes';

export * from './http-client';

/**
 * The typed client of the three services bound to the contracts with their schemas: every answer
 * is checked against its route's schema unless `validate` is false (the CLI, the tests). The
 * browser uses `createHttpClient` of `@budget/contracts/http`: the same calls without the schemas.
 * Every function takes one object: path parameters by name, `query`, `body`, optionally `ifMatch`.
 */
export function createClient(options: ClientOptions): BudgetClient {
  return bindClient(ROUTES, options);
}
