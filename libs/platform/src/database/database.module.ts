import { type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { MixedList } from 'typeorm';
import { type PlatformConfig } from '../config';
import { assertIdentifier, ensureSchema, pgSslOption, sessionOptions } from './postgres';

type EntityList = MixedList<string | (new (...args: never[]) => unknown)>;
type MigrationList = MixedList<string | (new (...args: never[]) => unknown)>;

/**
 * A service's own PostgreSQL schema: created if missing, migrated on start. No service reads
 * another's schema.
 */
export function serviceDatabase(config: PlatformConfig, opts: { schema: string; entities: EntityList; migrations: MigrationList }): DynamicModule {
  const schema = assertIdentifier(opts.schema);
  return TypeOrmModule.forRootAsync({
    useFactory: async () => {
      await ensureSchema(config.postgres, schema);
      return {
        type: 'postgres' as const,
        host: config.postgres.host,
        port: config.postgres.port,
        username: config.postgres.user,
        password: config.postgres.password,
        database: config.postgres.database,
        ...pgSslOption(config.postgres),
        schema,
        entities: opts.entities,
        migrations: opts.migrations,
        migrationsRun: true,
        migrationsTableName: 'migrations',
        migrationsTransactionMode: 'each' as const,
        synchronize: false,
        logging: ['error' as const],
        // Unqualified names in migrations and raw SQL resolve to the service's own schema.
        // Timeouts too: see sessionOptions.
        extra: { max: config.postgres.poolSize, application_name: schema, options: sessionOptions(config.postgres, schema), connectionTimeoutMillis: config.postgres.connectionTimeoutMs },
      };
    },
  });
}
