// A compiled check of one array item, derived from its zod schema through JSON Schema (ajv). zod's
// per-field results were a third of what loading a big snapshot allocated; the compiled check
// allocates next to nothing. It accepts an item only when zod would accept it and strip nothing,
// and fills in zod's defaults in place, so an accepted item is the value zod would have returned
// (keys in document order instead of schema order, which nothing downstream depends on). Items it
// refuses go through zod, for the error report or the list of unknown fields.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { z } from 'zod';

/** Returns true when the value is valid and complete (defaults filled in place). */
export type FastCheck = (value: unknown) => boolean;

interface Def {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  checks?: { _zod: { def: CheckDef } }[];
}

interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
}

const EXACT_TYPES = new Set(['object', 'array', 'string', 'number', 'boolean', 'enum', 'literal', 'null', 'nullable', 'optional', 'default', 'record']);
const EXACT_CHECKS = new Set(['max_length', 'greater_than', 'less_than']);
const EXACT_NUMBER_FORMATS = new Set(['safeint', 'int32', 'uint32']);
// zod checks these formats with their pattern alone, and JSON Schema carries that pattern
const EXACT_STRING_FORMATS = new Set(['regex', 'date', 'datetime']);

function exactCheck(c: CheckDef): boolean {
  if (EXACT_CHECKS.has(c.check)) return true;
  // zod measures strings in code points, the check in UTF-16 units (see compiler()): at least one
  // unit and at least one code point are the same condition, longer minimums are not
  if (c.check === 'min_length') return (c.minimum ?? Infinity) <= 1;
  if (c.check === 'number_format') return EXACT_NUMBER_FORMATS.has(c.format ?? '');
  // a flag (/i, /u …) would be lost: JSON Schema's pattern is the regex source alone
  if (c.check === 'string_format') return EXACT_STRING_FORMATS.has(c.format ?? '') && c.pattern?.flags === '';
  return false;
}

/**
 * Whether JSON Schema expresses everything this schema checks: refinements, transforms, unions,
 * flagged regexes and non-stripping objects are left to zod.
 */
export function exactlyRepresentable(schema: z.ZodType): boolean {
  const d = (schema as unknown as { _zod: { def: Def } })._zod.def;
  if (!EXACT_TYPES.has(d.type)) return false;
  if (!(d.checks ?? []).every((c) => exactCheck(c._zod.def))) return false;
  if (d.type === 'object' && d.catchall !== undefined) return false;
  const children = [d.innerType, d.element, d.keyType, d.valueType, ...Object.values(d.shape ?? {})];
  return children.every((c) => c === undefined || exactlyRepresentable(c));
}

/** Every zod object becomes one that refuses unknown keys, so that an item with any fails the check. */
function refuseUnknownKeys(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(refuseUnknownKeys);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    // under "properties" the keys are field names, not keywords
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, refuseUnknownKeys(s)])) : refuseUnknownKeys(v);
  }
  if (out.type === 'object' && out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

let ajv: Ajv2020 | undefined;

function compiler(): Ajv2020 {
  ajv ??= new Ajv2020({
    // strict: a default that ajv would not apply (inside anyOf, e.g. a default under an optional
    // object) is a compile error, and the schema is left to zod
    strict: true,
    useDefaults: true,
    // String lengths in UTF-16 units (.length), where zod counts code points: never more units
    // than code points, so a string within a maximum in units is within it for zod too, and the
    // rare one that is over in units only (astral characters) is left to zod. Counting code points
    // here would walk every string.
    unicode: false,
    unicodeRegExp: false, // zod's regexes have no flags
    validateFormats: false, // zod checks the pattern it writes beside each format, and so does ajv
    allErrors: false,
    messages: false,
    logger: false,
    // compiling is paid per process and schema (about 10 ms each this way, 20–70 ms with both
    // on): the schemas come from zod, not from users, and the generated code is short already
    validateSchema: false,
    code: { optimize: false },
  });
  return ajv;
}

const cache = new WeakMap<z.ZodType, FastCheck | null>();

/** The compiled check of a schema (compiled once per process), or undefined when it cannot be exact. */
export function fastCheck(schema: z.ZodType): FastCheck | undefined {
  let check = cache.get(schema);
  if (check === undefined) {
    check = null;
    if (exactlyRepresentable(schema)) {
      const { $schema: _, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' });
      try {
        check = compiler().compile(refuseUnknownKeys(json) as object) as FastCheck;
      } catch {
        check = null;
      }
    }
    cache.set(schema, check);
  }
  return check ?? undefined;
}

/** The check of this schema if it is compiled already (then using it costs nothing more). */
export function compiledFastCheck(schema: z.ZodType): FastCheck | undefined {
  return cache.get(schema) ?? undefined;
}
