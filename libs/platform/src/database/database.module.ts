import { type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';
import { usePreparedStatements } from '@budget/event-store';
import { type PlatformConfig } from '../config';
import { assertIdentifier, pgSslOption, sessionOptions, withSchemaLock } from './postgres';

type EntityList = MixedList<string | (new (...args: never[]) => unknown)>;
type MigrationList = MixedList<string | (new (...args: never[]) => unknown)>;

/**
 * A service's own PostgreSQL schema: created if missing, migrated on start. No service reads
 * another's schema. Replicas of a service starting together take turns (withSchemaLock): the
 * first creates and migrates, the others then find nothing left to do.
 */
export function serviceDatabase(config: PlatformConfig, opts: { schema: string; entities: EntityList; migrations: MigrationList }): DynamicModule {
  const schema = assertIdentifier(opts.schema);
  return TypeOrmModule.forRootAsync({
    dataSourceFactory: (options?: DataSourceOptions) =>
      withSchemaLock(config.postgres, schema, async () => {
        const dataSource = await new DataSource(options!).initialize();
        try {
          await dataSource.runMigrations({ transaction: 'each' });
        } catch (error) {
          await dataSource.destroy().catch(() => undefined);
          throw error;
        }
        return dataSource;
      }),
    useFactory: () => {
      usePreparedStatements(config.postgres.preparedStatements);
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
        // Run by dataSourceFactory, one replica at a time.
        migrationsRun: false,
        migrationsTableName: 'migrations',
        migrationsTransactionMode: 'each' as const,
        synchronize: false,
        logging: ['error' as const],
        // Unqualified names in migrations and raw SQL resolve to the service's own schema.
        // Timeouts too: see sessionOptions. The process id in application_name tells replicas apart
        // in pg_stat_activity (e.g. which one holds the outbox relay's lock).
        extra: { max: config.postgres.poolSize, application_name: `${schema}@${process.pid}`, options: sessionOptions(config.postgres, schema), connectionTimeoutMillis: config.postgres.connectionTimeoutMs },
      };
    },
  });
}
