import { parseDatabaseUrl, DatabaseUrlError } from '../../db/url.js';

describe('database URLs', () => {
  test('no URL means the embedded database in ./.orgpulse/db', () => {
    expect(parseDatabaseUrl(undefined)).toMatchObject({ kind: 'pglite', dataDir: './.orgpulse/db' });
    expect(parseDatabaseUrl('')).toMatchObject({ kind: 'pglite', dataDir: './.orgpulse/db' });
  });
  test('memory: and pglite:<dir>', () => {
    expect(parseDatabaseUrl('memory:')).toMatchObject({ kind: 'pglite', dataDir: undefined });
    expect(parseDatabaseUrl('pglite:./x/db')).toMatchObject({ kind: 'pglite', dataDir: './x/db' });
    expect(parseDatabaseUrl('./somewhere')).toMatchObject({ kind: 'pglite', dataDir: './somewhere' });
  });
  test('postgres URLs, with the password masked for display', () => {
    const t = parseDatabaseUrl('postgres://app:s3cret@db.internal:5432/orgpulse');
    expect(t).toMatchObject({ kind: 'postgres', connectionString: 'postgres://app:s3cret@db.internal:5432/orgpulse' });
    expect(t.display).not.toContain('s3cret');
  });
  test('data-api URLs name the cluster, the secret and the database', () => {
    const t = parseDatabaseUrl(
      'data-api://arn:aws:rds:eu-west-1:123456789012:cluster:orgpulse?secret=arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbC&database=core',
    );
    expect(t).toEqual({
      kind: 'data-api',
      resourceArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:orgpulse',
      secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbC',
      database: 'core',
      region: 'eu-west-1',
      display: 'RDS Data API arn:aws:rds:eu-west-1:123456789012:cluster:orgpulse / core',
    });
  });
  test.each([
    ['data-api://not-an-arn?secret=arn:x&database=d', /Aurora cluster ARN/],
    ['data-api://arn:aws:rds:eu-west-1:123456789012:cluster:c?database=d', /secret=/],
    ['data-api://arn:aws:rds:eu-west-1:123456789012:cluster:c?secret=arn:aws:secretsmanager:x', /database=/],
    ['mysql://localhost/db', /unsupported database URL scheme/],
  ])('%s is refused with a helpful message', (url, message) => {
    expect(() => parseDatabaseUrl(url)).toThrow(DatabaseUrlError);
    expect(() => parseDatabaseUrl(url)).toThrow(message);
  });
});
