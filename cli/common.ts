// Options and errors shared by the CLI commands.
import { Option } from 'commander';
import { DEFAULT_DB_DIR } from '../db/url.js';

/** Bad arguments or an unavailable command: exit code 2. */
export class UsageError extends Error {}

export function dbOption(): Option {
  return new Option(
    '--db <url>',
    `database: a PGlite folder (default ${DEFAULT_DB_DIR}), memory:, postgres://user@host/db or data-api://<cluster-arn>?secret=<arn>&database=<db>`,
  ).env('ORGPULSE_DB');
}

export function notImplemented(command: string, issue: string): never {
  throw new UsageError(`"${command}" is not implemented yet (arrives with ${issue}; see ROADMAP)`);
}

export function parsePositiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive integer, got "${value}"`);
    return n;
  };
}

export function parseIsoDate(name: string) {
  return (value: string): string => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
      throw new UsageError(`${name} must be a date YYYY-MM-DD, got "${value}"`);
    }
    return value;
  };
}
