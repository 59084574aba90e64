import { RateLimiterMemory, RateLimiterMySQL, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';

/** What a limiter counts: `points` per `duration` seconds for each key, blocked for `blockDuration` seconds beyond. */
export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
  blockDuration?: number;
}

/** Makes the limiters of the login lockouts and of the public's submissions. */
export type RateLimits = (options: LimiterOptions) => RateLimiterAbstract;

/** Limiters counting in this process's memory: right for one node (SQLite), forgotten on restart. */
export const memoryRateLimits: RateLimits = (options) => new RateLimiterMemory(options);

/** The table of the shared counts (migration `1767225602100`). */
const TABLE = 'app_rate_limit';

/**
 * The limiters for the database the application runs on: on MySQL/MariaDB, counts in `app_rate_limit`, shared by
 * every node of a cluster and kept across restarts (falling back to this node's memory while the database does not
 * answer); on SQLite, which runs one node, {@link memoryRateLimits}. `dataSource` must be initialized.
 */
export function rateLimitsOf(dataSource: DataSource): RateLimits {
  if (dataSource.options.type !== 'mysql' && dataSource.options.type !== 'mariadb') return memoryRateLimits;
  const driver = dataSource.driver as unknown as { pool: unknown; database?: string };
  const dbName = driver.database ?? (dataSource.options as { database?: string }).database;
  return (options) => new RateLimiterMySQL({
    ...options, storeClient: driver.pool, storeType: 'pool', dbName, tableName: TABLE, tableCreated: true,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}
