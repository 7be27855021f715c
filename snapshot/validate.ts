// Contract validation with messages that name the path, and a count of unknown (stripped) fields.
import type { z } from 'zod';
import { SCHEMA_VERSION } from './envelope.js';
import { snapshotSchema, type Snapshot } from './snapshot.js';

export interface ContractIssue {
  /** Dotted path with array indexes, e.g. `security.guard_duty[3].severity`. */
  path: string;
  message: string;
  code: string;
}

export type ValidationResult =
  | { ok: true; snapshot: Snapshot; unknownFields: number; unknownFieldPaths: string[] }
  | { ok: false; reason: 'unsupported_schema_version' | 'not_an_object' | 'contract_violation'; message: string; issues: ContractIssue[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

export function toContractIssues(error: z.ZodError): ContractIssue[] {
  return error.issues.map((i) => ({ path: formatPath(i.path), message: i.message, code: i.code }));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Keys present in the input but absent from the parsed output were stripped as unknown. Walks both
 * trees side by side; the contract never reshapes objects, so the structures line up.
 */
export function findStrippedKeys(input: unknown, output: unknown, path: PropertyKey[] = [], found: string[] = []): string[] {
  walkStripped(input, output, [...path], found);
  return found;
}

// One path stack, pushed and popped, and no descent into primitives: this runs over every
// validated item of a big snapshot, so it must not allocate per value.
function walkStripped(input: unknown, output: unknown, path: PropertyKey[], found: string[]): void {
  if (Array.isArray(input)) {
    if (!Array.isArray(output)) return;
    for (let i = 0; i < input.length; i++) {
      const v: unknown = input[i];
      if (typeof v !== 'object' || v === null) continue;
      path.push(i);
      walkStripped(v, output[i], path, found);
      path.pop();
    }
  } else if (isPlainObject(input) && isPlainObject(output)) {
    for (const k of Object.keys(input)) {
      const v = input[k];
      // own keys only: an unknown "constructor" or "toString" is stripped like any other
      if (!Object.hasOwn(output, k)) {
        if (v !== undefined) found.push(formatPath([...path, k]));
      } else if (typeof v === 'object' && v !== null) {
        path.push(k);
        walkStripped(v, output[k], path, found);
        path.pop();
      }
    }
  }
}

const MAX_REPORTED_PATHS = 50;

/** Validates a parsed JSON document against the current contract. */
export function validateSnapshot(doc: unknown): ValidationResult {
  if (!isPlainObject(doc)) {
    return { ok: false, reason: 'not_an_object', message: `a snapshot is a JSON object, got ${Array.isArray(doc) ? 'an array' : doc === null ? 'null' : typeof doc}`, issues: [] };
  }
  const version = doc.schema_version;
  if (version !== SCHEMA_VERSION) {
    const known = typeof version === 'number' && Math.trunc(version) === SCHEMA_VERSION;
    if (!known) {
      return {
        ok: false,
        reason: 'unsupported_schema_version',
        message: `schema_version ${JSON.stringify(version)} is not supported (this receiver reads major version ${SCHEMA_VERSION})`,
        issues: [{ path: 'schema_version', message: 'unsupported major version', code: 'unsupported_schema_version' }],
      };
    }
  }
  const parsed = snapshotSchema.safeParse(doc);
  if (!parsed.success) {
    const issues = toContractIssues(parsed.error);
    const first = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ');
    return { ok: false, reason: 'contract_violation', message: `${issues.length} contract violation(s): ${first}`, issues };
  }
  const stripped = findStrippedKeys(doc, parsed.data);
  return { ok: true, snapshot: parsed.data, unknownFields: stripped.length, unknownFieldPaths: stripped.slice(0, MAX_REPORTED_PATHS) };
}
