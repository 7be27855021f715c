// The streaming, section-by-section validation must say what validateSnapshot says about the
// same document: same verdict, same issue paths, same unknown fields, same output.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { validateSnapshot, type SectionName } from '../../../snapshot/index.js';
import { readSnapshot, type ReadFacts } from '../../../receiver/document/read-snapshot.js';
import { parseObjectKey } from '../../../receiver/keys.js';
import { RejectError } from '../../../receiver/errors.js';
import { clone, completeSnapshot, snapshotKey, ACCOUNT_ID } from '../fixtures/documents.js';

const KEY = snapshotKey(ACCOUNT_ID, '2026-11-20');

/** Reads a document the way the receiver does and collects the sections handed to the loader. */
async function read(doc: unknown): Promise<{ sections: Record<string, unknown>; unknownFields: number; unknownFieldPaths: string[] } | RejectError> {
  const parsed = parseObjectKey(KEY);
  if (!parsed.ok) throw new Error(parsed.message);
  const sections: Record<string, unknown> = {};
  const facts: ReadFacts = { uncompressedBytes: 0, nulStripped: 0 };
  try {
    const result = await readSnapshot(Readable.from([gzipSync(JSON.stringify(doc))]), {
      key: KEY,
      info: parsed.info,
      maxBytes: 10_000_000,
      facts,
      begin: async (envelope) => {
        sections.envelope = envelope;
        // the big arrays come in batches before their section, which has them empty: put them back
        const streamed = new Map<string, unknown[]>();
        return {
          writeItems: async (name: SectionName, path: string, items: readonly unknown[]) => {
            const id = `${name}:${path}`;
            streamed.set(id, [...(streamed.get(id) ?? []), ...items]);
          },
          writeSection: async (name: SectionName, value: unknown) => {
            for (const [id, items] of streamed) {
              const [section, path] = id.split(':') as [string, string];
              if (section !== name) continue;
              if (path === '') value = items;
              else {
                const keys = path.split('.');
                let node = value as Record<string, unknown>;
                for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
                expect(node[keys[keys.length - 1]!]).toEqual([]);
                node[keys[keys.length - 1]!] = items;
              }
              streamed.delete(id);
            }
            sections[name] = value;
          },
          finish: async () => ({ rowsByTable: {}, totalRows: 0, notes: [] }),
          abort: async () => {},
        };
      },
    });
    return { sections, unknownFields: result.unknownFields, unknownFieldPaths: result.unknownFieldPaths };
  } catch (error) {
    if (error instanceof RejectError) return error;
    throw error;
  }
}

test('a complete snapshot: every section validated to exactly what validateSnapshot returns', async () => {
  const doc = completeSnapshot();
  const whole = validateSnapshot(doc);
  if (!whole.ok) throw new Error(whole.message);
  const streamed = await read(doc);
  if (streamed instanceof RejectError) throw streamed;
  const { envelope, ...sections } = streamed.sections;
  const { schema_version, account_id, period, collected_at, regions, collectors, sender, ...expectedSections } = whole.snapshot;
  expect(envelope).toEqual({ schema_version, account_id, period, collected_at, regions, collectors, sender });
  expect(sections).toEqual(expectedSections);
  expect(streamed.unknownFields).toBe(0);
});

test('unknown fields at every depth are counted like validateSnapshot counts them', async () => {
  const doc = clone(completeSnapshot());
  doc.extra_top = { a: 1 };
  doc.period.note = 'x';
  doc.service_resources[2].owner = 'team-a';
  doc.security.guard_duty[0].partition = 'aws';
  doc.activity.sampled = true;
  doc.cost.top_services[0].rank = 1;
  const whole = validateSnapshot(doc);
  if (!whole.ok) throw new Error(whole.message);
  const streamed = await read(doc);
  if (streamed instanceof RejectError) throw streamed;
  expect(streamed.unknownFields).toBe(whole.unknownFields);
  expect([...streamed.unknownFieldPaths].sort()).toEqual([...whole.unknownFieldPaths].sort());
});

test('a big array, past the point where the compiled check takes over: same output, unknown fields and issues as validateSnapshot', async () => {
  const doc = clone(completeSnapshot());
  const finding = doc.security.security_hub.findings[0];
  doc.security.security_hub.findings = Array.from({ length: 2_600 }, (_, i) => {
    const item = { ...finding, id: `${finding.id}-${i}` };
    if (i % 5 === 0) delete item.types; // defaulted to []
    if (i % 3 === 0) item.triage_note = `n${i}`; // unknown: 867 items, more than the check's misses allow
    return item;
  });
  const whole = validateSnapshot(doc);
  if (!whole.ok) throw new Error(whole.message);
  const streamed = await read(doc);
  if (streamed instanceof RejectError) throw streamed;
  expect(streamed.sections.security).toEqual(whole.snapshot.security);
  expect(streamed.unknownFields).toBe(whole.unknownFields);
  expect(streamed.unknownFields).toBe(867);

  doc.security.security_hub.findings[2_100].severity = 'SEVERE';
  doc.security.security_hub.findings[2_599].created_at = '2026-11-20';
  const wholeBroken = validateSnapshot(doc);
  if (wholeBroken.ok) throw new Error('expected a violation');
  const broken = await read(doc);
  expect(broken).toBeInstanceOf(RejectError);
  expect((broken as RejectError).issues.map((i) => i.path).sort()).toEqual(wholeBroken.issues.map((i) => i.path).sort());
});

const broken: [string, (d: Record<string, any>) => void][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
  ['a wrong type inside a split array item', (d) => (d.security.guard_duty[0].severity = 'high')],
  ['an out-of-range value deep in a section', (d) => (d.compute_optimizer[0].cpu_utilization_max = 140)],
  ['a missing required field in a nested list', (d) => delete d.config.evaluations[0].resource_id],
  ['an array-level check (top_services has at most 50)', (d) => (d.cost.top_services = Array.from({ length: 51 }, (_, i) => ({ service: `s${i}`, cost: 1 })))],
  ['a section of the wrong type', (d) => (d.service_resources = { not: 'a list' })],
  ['a bad item and a bad scalar in the same section', (d) => {
    d.activity.events[0].event_time = 'yesterday';
    d.activity.total_events = -1;
  }],
  ['a missing envelope field', (d) => delete d.collected_at],
  ['a broken period', (d) => (d.period.end = d.period.start)],
];

test.each(broken)('%s: contract_violation with the same issue paths as validateSnapshot', async (_name, breakIt) => {
  const doc = clone(completeSnapshot());
  breakIt(doc);
  const whole = validateSnapshot(doc);
  expect(whole.ok).toBe(false);
  if (whole.ok) return;
  const streamed = await read(doc);
  expect(streamed).toBeInstanceOf(RejectError);
  const error = streamed as RejectError;
  expect(error.reason).toBe(whole.reason);
  expect(error.issues.map((i) => i.path).sort()).toEqual(whole.issues.map((i) => i.path).sort());
});

test('a MONTHLY snapshot carrying a daily-only section is a contract violation naming the section', async () => {
  const doc = clone(completeSnapshot('2026-11-01'));
  doc.period = { granularity: 'MONTHLY', start: '2026-11-01', end: '2026-12-01' };
  const parsed = parseObjectKey(snapshotKey(ACCOUNT_ID, '2026-11-01', 'MONTHLY'));
  if (!parsed.ok) throw new Error(parsed.message);
  const written: string[] = [];
  let aborted = 0;
  const attempt = readSnapshot(Readable.from([gzipSync(JSON.stringify(doc))]), {
    key: snapshotKey(ACCOUNT_ID, '2026-11-01', 'MONTHLY'),
    info: parsed.info,
    maxBytes: 10_000_000,
    facts: { uncompressedBytes: 0, nulStripped: 0 },
    begin: async () => ({
      writeItems: async () => {},
      writeSection: async (name: string) => void written.push(name),
      finish: async () => ({ rowsByTable: {}, totalRows: 0, notes: [] }),
      abort: async () => void aborted++,
    }),
  });
  await expect(attempt).rejects.toMatchObject({ reason: 'contract_violation', issues: expect.arrayContaining([expect.objectContaining({ path: 'security' })]) });
  expect(written).not.toContain('security');
  // sections written before the violation may still have statements queued: the writer is stopped before the caller rolls back
  expect(written.length).toBeGreaterThan(0);
  expect(aborted).toBe(1);
});

test('the fixture file on disk reads the same as from memory (createReadStream path)', async () => {
  // readSnapshot takes any Readable; the receiver gives it the spooled file.
  const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'orgpulse-read-'));
  writeFileSync(join(dir, 'f.gz'), gzipSync(JSON.stringify(completeSnapshot())));
  const parsed = parseObjectKey(KEY);
  if (!parsed.ok) throw new Error(parsed.message);
  const names: string[] = [];
  try {
    await readSnapshot(createReadStream(join(dir, 'f.gz')), {
      key: KEY,
      info: parsed.info,
      maxBytes: 10_000_000,
      facts: { uncompressedBytes: 0, nulStripped: 0 },
      begin: async () => ({ writeItems: async () => {}, writeSection: async (name: string) => void names.push(name), finish: async () => ({ rowsByTable: {}, totalRows: 0, notes: [] }), abort: async () => {} }),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(names).toEqual(Object.keys(completeSnapshot()).filter((k) => !['schema_version', 'account_id', 'period', 'collected_at', 'regions', 'collectors', 'sender'].includes(k)));
});
