import { openApiDocument } from '../openapi';
import type { ServiceName } from '../routes';

interface Document {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, { summary?: string }>>;
  readonly components: { readonly securitySchemes: Record<string, unknown> };
}

/** The checks every service's /openapi.json must pass, given the routes the service registers. */
export function describeOpenApiDocument(service: ServiceName, registered: () => readonly string[]): void {
  describe(`the OpenAPI document of ${service}`, () => {
    const document = openApiDocument(service) as unknown as Document;
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();

    it('describes every route the service registers, and no other', () => {
      expect(documented).toEqual(registered());
    });

    it('is OpenAPI 3.1 with bearer authentication and Chinese summaries', () => {
      expect(document.openapi).toBe('3.1.0');
      expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      for (const operations of Object.values(document.paths)) {
        for (const op of Object.values(operations)) expect(op.summary).toMatch(/[\u4e00-\u9fff]/);
      }
    });
  });
}
