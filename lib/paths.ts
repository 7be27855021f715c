// Locates files that ship with the package (sql/ migrations) from source, from dist/ and from tests.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The folder holding OrgPulse's package.json. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'orgpulse') {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the orgpulse package root (package.json named "orgpulse")');
    dir = parent;
  }
}

/** Where migrations live; ORGPULSE_SQL_DIR overrides it for bundled deployments. */
export function sqlDir(): string {
  return process.env.ORGPULSE_SQL_DIR ?? join(packageRoot(), 'sql');
}
