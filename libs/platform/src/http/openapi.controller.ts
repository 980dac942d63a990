import { Controller, Get, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { openApiDocument, type ServiceName } from '@budget/contracts';
import { Public } from '../auth/decorators';

/** GET /openapi.json of one service: the OpenAPI 3.1 document made from its contracts, built once. */
export function openApiController(service: ServiceName): Type {
  let document: Record<string, unknown> | undefined;
  @Controller()
  class OpenApiController {
    @Public()
    @Get('openapi.json')
    document(): Record<string, unknown> {
      document ??= openApiDocument(service);
      return document;
    }
  }
  return OpenApiController;
}

type ModuleLike = Type | { module: Type; controllers?: Type[]; imports?: unknown[] } | Promise<unknown>;

/** Every `METHOD /path` the controllers of a module (and of the modules it imports) register, paths as in OpenAPI (`{param}`). */
export function registeredRoutes(root: Type): string[] {
  const routes = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (m: ModuleLike): void => {
    if (m instanceof Promise || seen.has(m)) return;
    seen.add(m);
    const moduleClass = typeof m === 'function' ? m : m.module;
    const controllers = [...((Reflect.getMetadata('controllers', moduleClass) as Type[] | undefined) ?? []), ...(typeof m === 'function' ? [] : (m.controllers ?? []))];
    const imports = [...((Reflect.getMetadata('imports', moduleClass) as ModuleLike[] | undefined) ?? []), ...(typeof m === 'function' ? [] : ((m.imports ?? []) as ModuleLike[]))];
    for (const controller of controllers) {
      const base = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined].flat()[0] ?? '';
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const sub = [Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined].flat()[0] ?? '';
        const path = `/${[base, sub].map((p) => p.replace(/^\/+|\/+$/g, '')).filter((p) => p !== '').join('/')}`;
        routes.add(`${RequestMethod[method]} ${path.replace(/:(\w+)/g, '{$1}')}`);
      }
    }
    for (const i of imports) if (i) visit(i);
  };
  visit(root);
  return [...routes].sort();
}
