import { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
/** @nestjs/graphql's metadata key set by @Resolver() (its constants file is not an exported path). */
const RESOLVER_TYPE_METADATA = 'graphql:resolver_type';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { DOMAIN_MODULES } from './app.module';
import { BUILD_SCHEMA_OPTIONS } from './graphql.config';

/** Resolver classes of a module tree, found from module metadata without instantiating anything. */
export function collectResolvers(modules: (Type | DynamicModule)[], seen = new Set<unknown>()): Type[] {
  const out: Type[] = [];
  for (const m of modules) {
    const cls = (m as DynamicModule).module ?? (m as Type);
    if (!cls || seen.has(m)) continue;
    seen.add(m);
    const providers = [...(Reflect.getMetadata('providers', cls) ?? []), ...((m as DynamicModule).providers ?? [])];
    for (const p of providers) if (typeof p === 'function' && Reflect.hasMetadata(RESOLVER_TYPE_METADATA, p)) out.push(p);
    const imports = [...(Reflect.getMetadata('imports', cls) ?? []), ...((m as DynamicModule).imports ?? [])];
    out.push(...collectResolvers(imports.filter((i: unknown) => i && (typeof i === 'function' || typeof i === 'object')), seen));
  }
  return [...new Set(out)];
}

export function printServedSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}

/** The schema the API serves, built without a database (the build writes it to apps/api/schema.graphql). */
export async function generateSchemaText(): Promise<string> {
  const ctx = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const schema = await ctx.get(GraphQLSchemaFactory).create(collectResolvers(DOMAIN_MODULES), BUILD_SCHEMA_OPTIONS);
    return printServedSchema(schema);
  } finally {
    await ctx.close();
  }
}
