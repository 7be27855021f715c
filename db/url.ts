// Parses the --db URL forms OrgPulse accepts.
export type DatabaseTarget =
  | { kind: 'pglite'; dataDir: string | undefined; display: string }
  | { kind: 'postgres'; connectionString: string; display: string }
  | { kind: 'data-api'; resourceArn: string; secretArn: string; database: string; region: string; display: string };

export const DEFAULT_DB_DIR = './.orgpulse/db';

export class DatabaseUrlError extends Error {}

const ARN_RE = /^arn:aws[\w-]*:rds:([a-z0-9-]+):\d{12}:cluster:[\w-]+$/;

/**
 * - undefined / '' → embedded PGlite at ./.orgpulse/db
 * - 'memory:' → embedded PGlite in memory
 * - 'pglite:./path' or a bare path → embedded PGlite in that folder
 * - 'postgres://…' / 'postgresql://…' → node-postgres pool
 * - 'data-api://<cluster-arn>?secret=<secret-arn>&database=<db>' → RDS Data API
 */
export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  const value = url?.trim() ?? '';
  if (value === '') return { kind: 'pglite', dataDir: DEFAULT_DB_DIR, display: `embedded PGlite at ${DEFAULT_DB_DIR}` };
  if (value === 'memory:' || value === 'pglite:memory:' || value === 'pglite:') {
    return { kind: 'pglite', dataDir: undefined, display: 'embedded PGlite in memory' };
  }
  if (value.startsWith('postgres://') || value.startsWith('postgresql://')) {
    const safe = new URL(value);
    if (safe.password) safe.password = '***';
    return { kind: 'postgres', connectionString: value, display: `PostgreSQL ${safe.toString()}` };
  }
  if (value.startsWith('data-api://')) {
    const rest = value.slice('data-api://'.length);
    const [arnPart = '', query = ''] = rest.split('?', 2);
    const resourceArn = decodeURIComponent(arnPart);
    const params = new URLSearchParams(query);
    const secretArn = params.get('secret') ?? '';
    const database = params.get('database') ?? '';
    const match = ARN_RE.exec(resourceArn);
    if (!match) throw new DatabaseUrlError(`data-api URL: "${resourceArn}" is not an Aurora cluster ARN (arn:aws:rds:<region>:<account>:cluster:<name>)`);
    if (!secretArn.startsWith('arn:')) throw new DatabaseUrlError('data-api URL: add ?secret=<Secrets Manager secret ARN>');
    if (!database) throw new DatabaseUrlError('data-api URL: add &database=<database name>');
    return {
      kind: 'data-api',
      resourceArn,
      secretArn,
      database,
      region: params.get('region') ?? match[1]!,
      display: `RDS Data API ${resourceArn} / ${database}`,
    };
  }
  if (value.startsWith('pglite:')) {
    return { kind: 'pglite', dataDir: value.slice('pglite:'.length), display: `embedded PGlite at ${value.slice('pglite:'.length)}` };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new DatabaseUrlError(`unsupported database URL scheme in "${value}"; use postgres://, data-api://, pglite:<dir> or memory:`);
  }
  return { kind: 'pglite', dataDir: value, display: `embedded PGlite at ${value}` };
}
