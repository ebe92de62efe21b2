import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';

/** The metadata key `@RequireRoles` writes (libs/platform/src/auth/auth.guard.ts). */
const ROLES_METADATA = 'inventory:roles';

/** One route a Nest app registers, as its Fastify router sees it. */
export interface NestRoute {
  method: string;
  /** In the router's syntax: `:param`, `::` for a literal colon, `(regex)` after a parameter. */
  path: string;
  controller: string;
  /** Behind a guard (the bearer-token AuthGuard is the only one the apps use). */
  guarded: boolean;
  roles: string[];
}

interface DynamicParts {
  controllers?: Type<unknown>[];
  imports?: unknown[];
}

type ModuleLike = Type<unknown> | (DynamicParts & { module: Type<unknown> });

function metadataList<T>(key: string, target: object): T[] {
  return (Reflect.getMetadata(key, target) as T[] | undefined) ?? [];
}

/** Controllers of a module and of every module it imports, static or dynamic, each once. */
function controllersOf(module: ModuleLike, seen = new Set<unknown>()): Type<unknown>[] {
  if (!module || seen.has(module)) return [];
  seen.add(module);
  const type = typeof module === 'function' ? module : module.module;
  const dynamic: DynamicParts = typeof module === 'function' ? {} : module;
  const imports = [...metadataList<ModuleLike>(MODULE_METADATA.IMPORTS, type), ...(dynamic.imports ?? [])];
  return [
    ...metadataList<Type<unknown>>(MODULE_METADATA.CONTROLLERS, type),
    ...(dynamic.controllers ?? []),
    ...imports.flatMap((imported) => controllersOf(imported as ModuleLike, seen)),
  ];
}

function joinPath(...parts: string[]): string {
  const joined = parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}

/** Every route the module's app serves, read from the decorators' metadata (no app is started). */
export function nestRoutes(module: Type<unknown>): NestRoute[] {
  return controllersOf(module).flatMap((controller) => {
    const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '/';
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype)
      .map((name) => prototype[name])
      .filter((handler): handler is object => typeof handler === 'function')
      .filter((handler) => Reflect.hasMetadata(METHOD_METADATA, handler))
      .map((handler) => {
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
        const guards = [
          ...metadataList<unknown>(GUARDS_METADATA, controller),
          ...metadataList<unknown>(GUARDS_METADATA, handler),
        ];
        const roles =
          (Reflect.getMetadata(ROLES_METADATA, handler) as string[] | undefined) ??
          (Reflect.getMetadata(ROLES_METADATA, controller) as string[] | undefined) ??
          [];
        return {
          method: RequestMethod[method],
          path: joinPath(base, Reflect.getMetadata(PATH_METADATA, handler) as string),
          controller: controller.name,
          guarded: guards.length > 0,
          roles,
        };
      });
  });
}
