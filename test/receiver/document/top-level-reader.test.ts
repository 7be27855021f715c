// The scanner finds value boundaries itself and leaves parsing to JSON.parse: whatever the chunking,
// the reader must hand over exactly what JSON.parse makes of the document, and refuse what it refuses.
import { validateSnapshot } from '../../../snapshot/index.js';
import { RejectError } from '../../../receiver/errors.js';
import { STREAM_BATCH, TopLevelReader, type StreamedArrays, type TopLevelEntry } from '../../../receiver/document/top-level-reader.js';
import { ValidationLog } from '../../../receiver/document/section-validator.js';
import { completeSnapshot } from '../fixtures/documents.js';

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

type WholeEntry = Exclude<TopLevelEntry, { kind: 'items' }>;

function readAll(parts: string[]): { entries: WholeEntry[]; log: ValidationLog; nul: number } {
  const { entries, log, nul } = readStreaming(parts, () => false);
  return { entries: entries.filter((e): e is WholeEntry => e.kind !== 'items'), log, nul };
}

function readStreaming(parts: string[], streamed: StreamedArrays): { entries: TopLevelEntry[]; log: ValidationLog; nul: number } {
  const log = new ValidationLog();
  const counter = { nul: 0 };
  const reader = new TopLevelReader(log, counter, streamed);
  const entries: TopLevelEntry[] = [];
  for (const part of parts) {
    reader.write(part);
    entries.push(...reader.take());
  }
  reader.end();
  entries.push(...reader.take());
  expect(reader.complete).toBe(true);
  return { entries, log, nul: counter.nul };
}

function rejection(parts: string[]): RejectError {
  try {
    readAll(parts);
  } catch (error) {
    if (error instanceof RejectError) return error;
    throw error;
  }
  throw new Error('the document was accepted');
}

// No schema_version: every entry is kept as plain JSON, so the scanner alone decides what is read.
const tricky = {
  plain: 'abc',
  escapes: 'quote " backslash \\ both \\" tail \\\\',
  trailing_backslash: 'ends with \\',
  unicode: 'é 日本 😀 \u2028 \t\n',
  empty: ['', {}, [], [[]], [{}]],
  numbers: [0, -1.5e-7, 12345678901234, 3.25],
  literals: [true, false, null],
  nested: { a: { b: [{ c: '}]' }, { d: '{[' }] } },
  '"key with quote"': 1,
  'back\\slash': 2,
};

test.each([1, 2, 3, 5, 7, 64])('entries equal JSON.parse with %i-character chunks', (size) => {
  const text = ` \n${JSON.stringify(tricky, null, 1)}\n `;
  const { entries } = readAll(chunks(text, size));
  expect(Object.fromEntries(entries.map((e) => [e.key, e.value]))).toEqual(JSON.parse(text));
  expect(entries.every((e) => e.kind === 'raw')).toBe(true);
});

test('a split at every position of a string full of escapes reads the same', () => {
  const text = JSON.stringify({ s: 'a\\"b\\\\"c\\\\\\"d"', t: ['x\\', '"', '\\\\'] });
  for (let cut = 1; cut < text.length; cut++) {
    const { entries } = readAll([text.slice(0, cut), text.slice(cut)]);
    expect(Object.fromEntries(entries.map((e) => [e.key, e.value]))).toEqual(JSON.parse(text));
  }
});

test.each([1, 13, 4096])('a complete snapshot in %i-character chunks: sections equal validateSnapshot', (size) => {
  const doc = completeSnapshot();
  const whole = validateSnapshot(doc);
  if (!whole.ok) throw new Error(whole.message);
  const { entries, log } = readAll(chunks(JSON.stringify(doc), size));
  expect(log.issuesTotal).toBe(0);
  for (const entry of entries) expect(entry.value).toEqual(whole.snapshot[entry.key as keyof typeof whole.snapshot]);
  expect(entries.map((e) => e.key)).toEqual(Object.keys(doc));
});

test('NUL characters are stripped from keys and strings, and counted', () => {
  const { entries, nul } = readAll(chunks(JSON.stringify({ 'k\u0000ey': 'v\u0000al\u0000', list: [{ ['x\u0000']: ['\u0000'] }] }), 3));
  expect(Object.fromEntries(entries.map((e) => [e.key, e.value]))).toEqual({ key: 'val', list: [{ x: [''] }] });
  expect(nul).toBe(5);
});

test('"__proto__" stays an own property, as with JSON.parse', () => {
  const { entries } = readAll(['{"a":{"__proto__":{"polluted":true}}}']);
  const value = entries[0]!.value as Record<string, unknown>;
  expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  expect(Object.keys(value)).toEqual(['__proto__']);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

const version = '"schema_version":1';
const malformed: [string, string, string, RegExp][] = [
  ['empty file', '', 'not_json', /ends before/],
  ['whitespace only', '  \n', 'not_json', /ends before/],
  ['not JSON', 'this is not { json', 'not_json', /not valid JSON/],
  ['an array', '[{"a":1}]', 'not_an_object', /got an array/],
  ['a number', '42', 'not_an_object', /got a number/],
  ['a string', '"snapshot"', 'not_an_object', /got a string/],
  ['null', 'null', 'not_an_object', /got null/],
  ['unquoted key', '{a:1}', 'not_json', /property name in double quotes/],
  ['missing colon', '{"a" 1}', 'not_json', /expected ":"/],
  ['missing comma between members', '{"a":1 "b":2}', 'not_json', /expected "," or "}"/],
  ['missing value', '{"a":}', 'not_json', /expected a value/],
  ['a bad literal', '{"a":tru}', 'not_json', /not valid JSON in the value of "a"/],
  ['truncated inside a string', '{"a":"abc', 'not_json', /ends before/],
  ['truncated after a member', '{"a":1,', 'not_json', /ends before/],
  ['text after the document', '{"a":1} x', 'not_json', /nothing after the end/],
  ['two documents', '{"a":1}{"b":2}', 'not_json', /nothing after the end/],
  ['missing comma between split items', `{${version},"service_resources":[{"a":1} {"a":2}]}`, 'not_json', /expected "," or "]"/],
  ['trailing comma in a split array', `{${version},"service_resources":[{"a":1},]}`, 'not_json', /expected a value/],
  ['a broken split item', `{${version},"service_resources":[{"a":1,}]}`, 'not_json', /an item of service_resources/],
  ['a broken section shell', `{${version},"activity":{"total_events":tru,"events":[]}}`, 'not_json', /the section "activity"/],
  ['mismatched brackets', '{"a":[1,2}', 'not_json', /not valid JSON|ends before/],
  ['a raw control character in a string', '{"a":"x\u0001y"}', 'not_json', /not valid JSON/],
];

test.each(malformed)('%s → %s', (_name, text, reason, message) => {
  for (const size of [1, 4, 1000]) {
    const error = rejection(text === '' ? [] : chunks(text, size));
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(message);
  }
});

test('nesting deeper than 64 levels is refused before it is parsed', () => {
  const error = rejection([`{"a":${'['.repeat(70)}${']'.repeat(70)}}`]);
  expect(error).toMatchObject({ reason: 'contract_violation', issues: [expect.objectContaining({ path: 'a', code: 'too_deep' })] });
});

describe('streamed arrays', () => {
  const streamed: StreamedArrays = (section, path) => (section === 'services' && path === '') || (section === 'security' && path === 'security_hub.findings');

  function bigSnapshot() {
    const doc = completeSnapshot();
    const service = doc.services![0]!;
    doc.services = Array.from({ length: 2 * STREAM_BATCH + 500 }, (_, i) => ({ ...service, usage_type: `type-${i}` }));
    return doc;
  }

  test.each([64, 65536])('go out in batches before their section, which has them empty (%i-character chunks)', (size) => {
    const doc = bigSnapshot();
    const whole = validateSnapshot(doc);
    if (!whole.ok) throw new Error(whole.message);
    const { entries, log } = readStreaming(chunks(JSON.stringify(doc), size), streamed);
    expect(log.issuesTotal).toBe(0);
    const services = entries.filter((e) => e.key === 'services');
    expect(services.map((e) => (e.kind === 'items' ? e.items.length : e.kind))).toEqual([STREAM_BATCH, STREAM_BATCH, 500, 'section']);
    expect(services.flatMap((e) => (e.kind === 'items' ? e.items : []))).toEqual(whole.snapshot.services);
    expect(services.at(-1)).toMatchObject({ kind: 'section', value: [] });
    const security = entries.filter((e) => e.key === 'security');
    expect(security.map((e) => e.kind)).toEqual(['items', 'section']);
    const [findings, section] = security as [Extract<TopLevelEntry, { kind: 'items' }>, Extract<TopLevelEntry, { kind: 'section' }>];
    expect(findings).toMatchObject({ path: 'security_hub.findings', items: whole.snapshot.security!.security_hub!.findings });
    expect(section.value).toEqual({ ...whole.snapshot.security, security_hub: { ...whole.snapshot.security!.security_hub, findings: [] } });
  });

  test('an item that breaks the contract is reported at its index and left out of its batch; the section is then undefined', () => {
    const doc = bigSnapshot();
    (doc.services![1500] as { cost: unknown }).cost = 'lots';
    const { entries, log } = readStreaming(chunks(JSON.stringify(doc), 4096), streamed);
    expect(log.issues.map((i) => i.path)).toEqual(['services[1500].cost']);
    const services = entries.filter((e) => e.key === 'services');
    expect(services.map((e) => (e.kind === 'items' ? e.items.length : e.kind))).toEqual([STREAM_BATCH, STREAM_BATCH, 499, 'section']);
    expect(services.at(-1)).toMatchObject({ kind: 'section', value: undefined });
  });
});

test('a key repeated inside a section is refused: its split array has already been read', () => {
  const doc = completeSnapshot();
  const text = JSON.stringify(doc).replace('"guard_duty":[', '"guard_duty":[],"guard_duty":[');
  const { log } = readStreaming(chunks(text, 4096), () => true);
  expect(log.issues).toEqual([expect.objectContaining({ path: 'security.guard_duty', code: 'duplicate_key' })]);
});
