// The SQL surface the project's own stores are written against, whichever backend runs it.
export type SqlValue = string | number | null;
export type SqlRow = Record<string, unknown>;
export type SqlResult = { rows: SqlRow[]; rowsAffected: number };

/** A statement, or a column added to an existing table (tables created by older versions lack it). */
export type SchemaStep = string | { table: string; column: string; definition: string };

export type SqlDialect = {
  name: 'sqlite' | 'postgres';
  /** Column type of an auto-incrementing integer primary key. */
  serialKey: string;
  /** SQL for the text value of `key` in the JSON object stored as text in `column`. */
  jsonText(column: string, key: string): string;
  /** SQL for the JSON array text in `column` with the JSON value of `param` appended. */
  jsonAppend(column: string, param: string): string;
};

export type SqlDatabase = {
  dialect: SqlDialect;
  /**
   * How long a claim (an inbox event being answered, a card being executed) stays its owner's
   * without a heartbeat before another instance may take it over. 0 on LibSQL: the only process
   * using the database is this one, so whatever it does not hold itself was left by a crash.
   */
  claimLeaseMs: number;
  execute(sql: string, args?: SqlValue[]): Promise<SqlResult>;
  close(): Promise<void>;
};

export type OpenOptions = {
  /** How long a write waits for another connection's lock before failing. */
  busyTimeoutMs?: number;
};

export const BUSY_TIMEOUT_MS = 5000;

