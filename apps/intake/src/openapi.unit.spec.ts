import 'reflect-metadata';
import { openApiDocument } from '@budget/contracts';
import { registeredRoutes } from '@budget/platform';
import { AppModule } from './app.module';

describe('the OpenAPI document of intake', () => {
  const document = openApiDocument('intake') as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { securitySchemes: Record<string, unknown> } };
  const documented = Object.entries(document.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();

  it('describes every route the service registers, and no other', () => {
    expect(documented).toEqual(registeredRoutes(AppModule));
  });

  it('is OpenAPI 3.1 with bearer authentication and Chinese summaries', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const operations of Object.values(document.paths)) {
      for (const op of Object.values(operations) as { summary: string }[]) expect(op.summary).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
