// node-postgres client that carries COPY FROM STDIN statements (db/copy.ts): their one parameter is
// streamed as the COPY data through pg-copy-streams; every other query is node-postgres's own.
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { isCopyFromStdin } from './copy.js';

export class CopyCapableClient extends pg.Client {
  // node-postgres's query has a dozen overloads; this one forwards all of them untouched
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const [sql, params] = args as [unknown, unknown[] | undefined];
    if (args.length === 2 && typeof sql === 'string' && isCopyFromStdin(sql, params)) return this.copyIn(sql, params[0]);
    return (super.query as (...a: unknown[]) => unknown).apply(this, args);
  }

  private copyIn(sql: string, data: string): Promise<{ command: 'COPY'; rowCount: number; rows: never[]; fields: never[] }> {
    const stream = (super.query as (q: unknown) => ReturnType<typeof copyFrom>).call(this, copyFrom(sql));
    return new Promise((resolve, reject) => {
      // the error carries PostgreSQL's fields (code = SQLSTATE …), as a failed query's does
      stream.on('error', reject);
      stream.on('finish', () => resolve({ command: 'COPY', rowCount: stream.rowCount, rows: [], fields: [] }));
      stream.end(data);
    });
  }
}
