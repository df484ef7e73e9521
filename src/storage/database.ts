// Opens the project's database for one of its own tables (audit, pending actions, Slack inbox,
// health probe). The one place that chooses the backend from DATABASE_URL: postgres:// runs on
// Postgres (several instances may share it), anything else on LibSQL (one process per database).
// Stores write portable SQL with `?` placeholders; the few dialect differences live in SqlDialect.
import { openLibsqlDatabase } from './libsql.js';
import { openPostgresDatabase } from './postgres.js';
import type { OpenOptions, SchemaStep, SqlDatabase, SqlDialect } from './sql.js';

export type { SqlDatabase, SqlDialect, SqlRow, SqlValue } from './sql.js';

/** Which backend a DATABASE_URL selects. */
export function databaseKind(databaseUrl: string): 'postgres' | 'libsql' {
  return /^postgres(ql)?:\/\//i.test(databaseUrl) ? 'postgres' : 'libsql';
}

/** Opens the database and applies `schema` (idempotent steps) for `purpose` (named in errors). */
export async function openDatabase(
  databaseUrl: string,
  schema: (dialect: SqlDialect) => SchemaStep[],
  purpose: string,
  options: OpenOptions = {},
): Promise<SqlDatabase> {
  return databaseKind(databaseUrl) === 'postgres'
    ? openPostgresDatabase(databaseUrl, schema, purpose, options)
    : openLibsqlDatabase(databaseUrl, schema, purpose, options);
}

export { localFilePath } from './libsql.js';
