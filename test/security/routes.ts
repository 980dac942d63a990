import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ALLOWED_ROLES, IS_PUBLIC } from '@budget/platform';
import type { Role } from '@budget/domain';
import type { ServiceName } from '../support/stack';

export interface RegisteredRoute {
  readonly service: ServiceName;
  readonly method: string;
  /** Express form, e.g. `/sheets/:sheetId/indicators/:indicatorId`. */
  readonly path: string;
  readonly isPublic: boolean;
  readonly roles: readonly Role[] | null;
  readonly handler: string;
}

type ModuleRef = Type<unknown> | { module: Type<unknown>; controllers?: Type<unknown>[]; imports?: unknown[] } | Promise<unknown> | undefined;

function join(...parts: string[]): string {
  const path = parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');
  return `/${path}`;
}

/**
 * The routes a service's root module registers, read from the same decorator metadata Nest's
 * RouterExplorer reads: every controller of the module and of the modules it imports.
 */
function collect(service: ServiceName, root: ModuleRef, seen = new Set<unknown>(), routes: RegisteredRoute[] = []): RegisteredRoute[] {
  if (!root || root instanceof Promise || seen.has(root)) return routes;
  seen.add(root);
  const cls = typeof root === 'function' ? root : root.module;
  const controllers: Type<unknown>[] = [
    ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) as Type<unknown>[] | undefined) ?? []),
    ...(typeof root === 'function' ? [] : (root.controllers ?? [])),
  ];
  for (const controller of controllers) {
    const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined) ?? '';
    const classPublic = Reflect.getMetadata(IS_PUBLIC, controller) === true;
    const classRoles = (Reflect.getMetadata(ALLOWED_ROLES, controller) as Role[] | undefined) ?? null;
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined || sub === undefined) continue;
      for (const b of Array.isArray(base) ? base : [base]) {
        for (const s of Array.isArray(sub) ? sub : [sub]) {
          routes.push({
            service,
            method: RequestMethod[method],
            path: join(b, s),
            isPublic: classPublic || Reflect.getMetadata(IS_PUBLIC, handler) === true,
            roles: (Reflect.getMetadata(ALLOWED_ROLES, handler) as Role[] | undefined) ?? classRoles,
            handler: `${controller.name}.${name}`,
          });
        }
      }
    }
  }
  const imports = [
    ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) as ModuleRef[] | undefined) ?? []),
    ...(typeof root === 'function' ? [] : ((root.imports ?? []) as ModuleRef[])),
  ];
  for (const imported of imports) collect(service, imported, seen, routes);
  return routes;
}

/** Every route of the three services, as registered. */
export async function registeredRoutes(): Promise<RegisteredRoute[]> {
  const [{ AppModule: Intake }, { AppModule: Review }, { AppModule: Reporting }] = await Promise.all([
    import('../../apps/intake/src/app.module'),
    import('../../apps/review/src/app.module'),
    import('../../apps/reporting/src/app.module'),
  ]);
  return [...collect('intake', Intake), ...collect('review', Review), ...collect('reporting', Reporting)];
}
