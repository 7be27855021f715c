// The compiled check must agree with zod on every item: it accepts exactly the items zod accepts
// without stripping anything, and leaves them as zod would return them. Checked on the contract's
// own item schemas, with valid items and thousands of seeded mutations of them.
import { z } from 'zod';
import { fastCheck, exactlyRepresentable } from '../../../receiver/document/fast-check.js';
import { sectionPlan } from '../../../receiver/document/section-validator.js';
import type { SplitNode } from '../../../receiver/document/section-plan.js';
import { streamedArrayList } from '../../../receiver/load/index.js';
import { findStrippedKeys, sections, type SectionName } from '../../../snapshot/index.js';
import { stream, type Rng } from '../../../simulator/rng.js';
import { completeSnapshot } from '../fixtures/documents.js';

interface ItemSchema {
  name: string;
  element: z.ZodType;
}

function itemSchemas(): ItemSchema[] {
  const found: ItemSchema[] = [];
  const walk = (name: string, node: SplitNode | undefined): void => {
    if (node?.element) found.push({ name, element: node.element });
    for (const [key, child] of node?.children ?? []) walk(name === '' ? key : `${name}.${key}`, child);
  };
  for (const section of Object.keys(sections) as SectionName[]) walk(section, sectionPlan(section));
  return found;
}

function itemsAt(doc: unknown, name: string): unknown[] {
  let node = doc;
  for (const key of name.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(node) ? node : [];
}

/** Equal as JSON values, keys in any order (the compiled check keeps the document's order). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** zod's verdict in the check's terms: accepted with nothing stripped, and the value it returns. */
function zodVerdict(element: z.ZodType, item: unknown): { accepted: boolean; value?: unknown } {
  const parsed = element.safeParse(item);
  if (!parsed.success) return { accepted: false };
  return { accepted: findStrippedKeys(item, parsed.data).length === 0, value: parsed.data };
}

/**
 * The check may accept an item only when zod accepts it, strips nothing and returns the value the
 * check leaves; what it refuses goes to zod. Returns what the check did, and whether it refused an
 * item that zod would have taken unchanged (allowed, but it costs zod's time).
 */
function expectAgreement(element: z.ZodType, item: unknown, what: string): 'accepted' | 'refused' | 'left to zod' {
  const check = fastCheck(element)!;
  const zod = zodVerdict(element, structuredClone(item));
  const checked = structuredClone(item);
  if (check(checked)) {
    if (zod.accepted && sameJson(checked, zod.value)) return 'accepted';
    throw new Error(`${what}: the compiled check accepted ${JSON.stringify(item).slice(0, 400)} as ${JSON.stringify(checked).slice(0, 400)}; zod ${zod.accepted ? `returned ${JSON.stringify(zod.value).slice(0, 400)}` : 'refused it or stripped fields'}`);
  }
  return zod.accepted ? 'left to zod' : 'refused';
}

const EMOJI = '\u{1F600}';
/** Lengths around the contract's limits, in UTF-16 code units (zod's measure). */
const LENGTHS = [0, 1, 2, 3, 11, 12, 13, 127, 128, 129, 255, 256, 257, 511, 512, 513];
const STRINGS = [
  '', 'x', 'us-east-1', 'eu-central-2', 'global', 'US-EAST-1', 'us-east', 'arn:aws:s3:::bucket', 'arn::x', 'aws:s3', '123456789012', '12345678901',
  '1234567890123', '١٢٣٤٥٦٧٨٩٠١٢', '2026-11-20', '2026-02-29', '2028-02-29', '2026-13-01', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00.123+01:00',
  '2026-11-20T10:00:00', '2026-11-20 10:00:00Z', '2026-11-20T24:00:00Z', 'USD', 'usd', 'EURO', 'ACTIVE', 'active', 'HIGH', 'NON_COMPLIANT',
  'a\nb', 'us-east-1\n', "'; DROP TABLE accounts; --", '\\', '"', '\u0000', '\uD800', EMOJI,
];
const NUMBERS = [0, -0, 1, -1, 0.5, 1.5, 100, 100.5, 101, 2_147_483_647, 2_147_483_648, -2_147_483_649, 9_007_199_254_740_992, 1e10, -1e10, 1e12, 1e300, Infinity, -Infinity, NaN];
const OTHERS = [null, true, false, [], {}, ['x'], [1], { k: 'v' }, { k: 1 }];

function stringOfLength(rng: Rng, length: number): string {
  // emoji where they fit, so that code points and code units differ
  let text = '';
  while (text.length < length) text += length - text.length >= 2 && rng.chance(0.5) ? EMOJI : 'a';
  return text;
}

function randomValue(rng: Rng): unknown {
  const kind = rng.int(0, 3);
  if (kind === 0) return rng.pick(STRINGS);
  if (kind === 1) return stringOfLength(rng, rng.pick(LENGTHS));
  if (kind === 2) return rng.pick(NUMBERS);
  return structuredClone(rng.pick(OTHERS));
}

type Container = Record<string, unknown> | unknown[];

function containers(value: unknown, into: Container[] = []): Container[] {
  if (value !== null && typeof value === 'object') {
    into.push(value as Container);
    for (const child of Object.values(value)) containers(child, into);
  }
  return into;
}

/** One random change: a value replaced or removed, or an unknown key added, somewhere in the item. */
function mutate(rng: Rng, item: unknown): unknown {
  const copy = structuredClone(item);
  const target = rng.pick(containers(copy));
  const keys = Object.keys(target);
  const action = rng.int(0, 9);
  if (keys.length === 0 || action === 0) {
    if (Array.isArray(target)) target.push(randomValue(rng));
    else target[rng.pick(['unknown_field', 'Id', '__proto__', 'constructor'])] = randomValue(rng);
  } else {
    const key = rng.pick(keys);
    if (action === 1 && !Array.isArray(target)) delete target[key];
    else (target as Record<string, unknown>)[key] = randomValue(rng);
  }
  return copy;
}

const schemas = itemSchemas();
const doc = completeSnapshot();

describe('compiled item check', () => {
  test('every streamed array has a compiled check (a refinement or union in an item schema would lose it)', () => {
    const streamed = streamedArrayList().map(([section, path]) => (path === '' ? section : `${section}.${path}`));
    const withoutCheck = schemas.filter((s) => streamed.includes(s.name) && fastCheck(s.element) === undefined).map((s) => s.name);
    // instances: a default under an optional object, which JSON Schema cannot apply
    expect(withoutCheck).toEqual(['inventory.instances']);
  });

  test('schemas with what JSON Schema cannot express are left to zod', () => {
    expect(exactlyRepresentable(z.object({ a: z.string().regex(/^a$/i) }))).toBe(false);
    expect(exactlyRepresentable(z.object({ a: z.string().refine((s) => s !== 'b') }))).toBe(false);
    expect(exactlyRepresentable(z.object({ a: z.union([z.string(), z.number()]) }))).toBe(false);
    expect(exactlyRepresentable(z.object({ a: z.string().transform((s) => s.length) }))).toBe(false);
    expect(exactlyRepresentable(z.looseObject({ a: z.string() }))).toBe(false);
    // zod counts code points, the check UTF-16 units: only a minimum of 1 means the same in both
    expect(exactlyRepresentable(z.object({ a: z.string().min(2) }))).toBe(false);
    expect(exactlyRepresentable(z.object({ a: z.string().length(2) }))).toBe(false);
    expect(exactlyRepresentable(z.object({ a: z.string().min(1) }))).toBe(true);
    expect(exactlyRepresentable(z.object({ a: z.string().regex(/^a$/).max(3), b: z.number().int().gt(0), c: z.array(z.iso.date()).default([]) }))).toBe(true);
    expect(fastCheck(z.object({ a: z.object({ b: z.number().default(0) }).nullish() }))).toBeUndefined();
  });

  test('agrees with zod on the valid items of a complete snapshot', () => {
    let checked = 0;
    for (const { name, element } of schemas) {
      if (fastCheck(element) === undefined) continue;
      const items = itemsAt(doc, name);
      expect({ name, items: items.length > 0 }).toEqual({ name, items: true });
      for (const item of items) {
        expect({ name, outcome: expectAgreement(element, item, name) }).toEqual({ name, outcome: 'accepted' });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  test('agrees with zod on seeded mutations: wrong types, limits ± 1 in UTF-16 units, bad dates and patterns, missing and unknown fields', () => {
    const outcomes = { accepted: 0, refused: 0, 'left to zod': 0 };
    for (const { name, element } of schemas) {
      if (fastCheck(element) === undefined) continue;
      const rng = stream('fast-check', name);
      for (const item of itemsAt(doc, name)) {
        for (let i = 0; i < 300; i++) {
          // two changes in one of four items, so that a failure can hide behind another
          let mutated = mutate(rng, item);
          if (rng.chance(0.25)) mutated = mutate(rng, mutated);
          outcomes[expectAgreement(element, mutated, `${name}, mutation ${i}`)]++;
        }
      }
    }
    // both verdicts must be well represented, or the mutations test nothing; valid items that the
    // check leaves to zod (astral characters over a limit in UTF-16 units) stay rare
    expect(outcomes.accepted).toBeGreaterThan(1_000);
    expect(outcomes.refused).toBeGreaterThan(1_000);
    expect(outcomes['left to zod']).toBeLessThan(outcomes.accepted / 20);
  });

  test('at the 1 MiB text limit: never accepts what zod refuses; astral characters over the limit in UTF-16 units are left to zod', () => {
    const element = schemas.find((s) => s.name === 'security.security_hub.findings')!.element;
    const finding = itemsAt(doc, 'security.security_hub.findings')[0] as Record<string, unknown>;
    const cases: [string, string][] = [
      ['a'.repeat(1_048_576), 'accepted'],
      ['a'.repeat(1_048_577), 'refused'],
      // 1,048,576 code points in twice as many units: zod counts code points
      [EMOJI.repeat(1_048_576), 'left to zod'],
      [EMOJI.repeat(1_048_577), 'refused'],
    ];
    for (const [title, outcome] of cases) expect(expectAgreement(element, { ...finding, title }, `title of ${title.length} units`)).toBe(outcome);
  });
});
