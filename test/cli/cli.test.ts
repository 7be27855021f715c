import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../../lib/paths.js';

const run = promisify(execFile);

/** Runs the real CLI in a child process (through tsx, so no build is needed). */
async function orgpulse(args: string[], cwd = packageRoot()): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(packageRoot(), 'cli/main.ts'), ...args], {
      cwd,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('orgpulse CLI', () => {
  test('--help lists every command with the fixed names', async () => {
    const { code, stdout } = await orgpulse(['--help']);
    expect(code).toBe(0);
    for (const name of ['migrate', 'simulate', 'receive', 'detect', 'report', 'ask', 'demo']) expect(stdout).toMatch(new RegExp(`^\\s+${name}\\b`, 'm'));
  });

  test('each command documents --db', async () => {
    for (const name of ['migrate', 'receive', 'detect', 'report', 'ask', 'demo']) {
      const { stdout } = await orgpulse([name, '--help']);
      expect(stdout).toContain('--db <url>');
    }
  });

  test('usage errors exit with 2', async () => {
    expect((await orgpulse(['no-such-command'])).code).toBe(2);
    expect((await orgpulse(['simulate', '--accounts', 'many', '--days', '3', '--bucket', 'x'])).code).toBe(2);
    expect((await orgpulse(['receive'])).code).toBe(2);
  });

  test('migrate creates the schema in a new embedded database, then reports it up to date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgpulse-cli-'));
    try {
      const first = await orgpulse(['migrate', '--db', join(dir, 'db')]);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/applied \d+ migration\(s\): 0001_core/);
      const second = await orgpulse(['migrate', '--db', `pglite:${join(dir, 'db')}`]);
      expect(second.stdout).toMatch(/schema is up to date/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unreachable PostgreSQL gives a clear error and exit code 1', async () => {
    const { code, stderr } = await orgpulse(['migrate', '--db', 'postgres://nobody@127.0.0.1:1/none']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot connect to PostgreSQL/);
  });
});
