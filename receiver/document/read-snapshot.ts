// One stored file → validated envelope and sections → the loader, section by section while the
// file streams, and the big arrays of a section batch by batch (load/index.ts isStreamedArray).
// Peak memory is about one validated section without its big arrays, not the whole document twice.
import type { Readable } from 'node:stream';
import { monthlySections, validateSnapshot, type Snapshot } from '../../snapshot/index.js';
import { isStreamedArray, type SnapshotWriter, type WriteResult } from '../load/index.js';
import { RejectError } from '../errors.js';
import type { KeyInfo } from '../keys.js';
import { convertLegacy, detectLegacy, type LegacyFormat } from '../legacy/index.js';
import { decodeText } from './decode.js';
import { checkKeyMatchesDocument } from './key-match.js';
import { ENVELOPE_KEYS, TopLevelReader, isEnvelopeKey, isSectionName, type TopLevelEntry } from './top-level-reader.js';
import { ValidationLog, validateWholeSection } from './section-validator.js';

export type Envelope = Pick<Snapshot, 'schema_version' | 'account_id' | 'period' | 'collected_at' | 'regions' | 'collectors' | 'sender'>;
export type SourceFormat = 'orgpulse-v1' | LegacyFormat;

/** What is known about a file so far; filled in as reading goes, and kept when it is rejected. */
export interface ReadFacts {
  uncompressedBytes: number;
  nulStripped: number;
  sourceFormat?: SourceFormat;
  accountId?: string;
  granularity?: 'DAILY' | 'MONTHLY';
  periodStart?: string;
}

export interface ReadSnapshotOptions {
  key: string;
  info: KeyInfo;
  maxBytes: number;
  /**
   * Hold every section until the end of the file before starting the loader. Needed only when an
   * envelope field comes after a section has been written (see RestartWithHeldSections).
   */
  holdSections?: boolean;
  /** Starts the load once the envelope is validated and matches the key. */
  begin(envelope: Envelope, sourceFormat: SourceFormat): Promise<SnapshotWriter>;
  facts: ReadFacts;
}

export interface ReadSnapshotResult {
  write: WriteResult;
  envelope: Envelope;
  sourceFormat: SourceFormat;
  unknownFields: number;
  unknownFieldPaths: string[];
  /** Conversion notes (Agency 360 files). */
  notes: string[];
}

/**
 * An envelope field arrived after the loader had started (our sender writes the envelope first,
 * but the contract does not require it): the caller rolls back and reads again holding sections.
 */
export class RestartWithHeldSections extends Error {
  override readonly name = 'RestartWithHeldSections';
}

function contractViolation(log: ValidationLog): RejectError {
  const first = log.issues
    .slice(0, 3)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
  return new RejectError('contract_violation', `${log.issuesTotal} contract violation(s): ${first}`, log.issues, { issuesTotal: log.issuesTotal });
}

type SectionWrite = Exclude<TopLevelEntry, { kind: 'raw' }>;

/** Puts a top-level entry where it belongs and feeds the loader when it can. */
class Assembly {
  private readonly envelopeRaw: Record<string, unknown> = {};
  private versionSeen = false;
  /** Entries read before schema_version, kept as plain JSON (Agency 360 files never leave this state). */
  private held: [string, unknown][] = [];
  /** Sections and item batches read before the loader could start. */
  private pending: SectionWrite[] = [];
  private writer: SnapshotWriter | undefined;
  private envelope: Envelope | undefined;
  private envelopeFailed = false;

  constructor(
    private readonly options: ReadSnapshotOptions,
    private readonly log: ValidationLog,
  ) {}

  async accept(entry: TopLevelEntry): Promise<void> {
    if (entry.kind === 'items') {
      await this.offer(entry); // only read after schema_version
      return;
    }
    if (isEnvelopeKey(entry.key)) {
      if (this.writer) throw new RestartWithHeldSections(`envelope field "${entry.key}" came after the first section`);
      this.envelopeRaw[entry.key] = entry.value;
      if (entry.key === 'schema_version') this.versionKnown();
      return;
    }
    if (!this.versionSeen) {
      this.held.push([entry.key, entry.value]);
      return;
    }
    if (entry.kind === 'section' && entry.value !== undefined) await this.offer(entry);
  }

  private versionKnown(): void {
    this.versionSeen = true;
    this.options.facts.sourceFormat = 'orgpulse-v1';
    for (const [key, value] of this.held) {
      if (isSectionName(key)) {
        const validated = validateWholeSection(key, value, this.log);
        if (validated !== undefined) this.pending.push({ kind: 'section', key, value: validated });
      } else this.log.addUnknown([key]);
    }
    this.held = [];
  }

  private envelopeReady(): boolean {
    return ENVELOPE_KEYS.every((k) => k === 'sender' || k in this.envelopeRaw);
  }

  private async offer(write: SectionWrite): Promise<void> {
    // A broken document is never loaded: keep validating (to report every issue), stop writing.
    if (this.log.issuesTotal > 0 || this.envelopeFailed) {
      this.pending = [];
      return;
    }
    if (!this.writer && !this.options.holdSections && this.envelopeReady()) await this.start();
    if (this.writer) await this.write(write);
    else if (!this.envelopeFailed) this.pending.push(write);
  }

  private async write(write: SectionWrite): Promise<void> {
    const name = write.key;
    if (this.envelope!.period.granularity === 'MONTHLY' && !monthlySections.includes(name)) {
      // the section itself is the issue, reported once when it ends; its item batches are dropped
      if (write.kind === 'section') this.log.addIssue({ path: name, message: `a MONTHLY snapshot carries only ${monthlySections.join(', ')}`, code: 'custom' });
      return;
    }
    if (this.log.issuesTotal > 0) return;
    if (write.kind === 'items') await this.writer!.writeItems(name, write.path, write.items);
    else await this.writer!.writeSection(name, write.value as NonNullable<Snapshot[typeof name]>);
  }

  /** Validates the envelope, checks it against the key, starts the loader and writes what was waiting. */
  private async start(): Promise<void> {
    const verdict = validateSnapshot(this.envelopeRaw);
    if (!verdict.ok) {
      this.envelopeFailed = true;
      this.pending = [];
      if (verdict.reason === 'unsupported_schema_version') throw new RejectError(verdict.reason, verdict.message, verdict.issues);
      for (const issue of verdict.issues) this.log.addIssue(issue);
      return;
    }
    const envelope = verdict.snapshot;
    this.recordFacts(envelope);
    if (this.options.info.region) {
      throw new RejectError('bad_key', `${this.options.key}: region folders (data/{account}/{region}/…) are only used by Agency 360 v2 files`);
    }
    checkKeyMatchesDocument(this.options.key, this.options.info, envelope.account_id, envelope.period);
    this.log.addUnknown(verdict.unknownFieldPaths, verdict.unknownFields);
    this.envelope = envelope;
    this.writer = await this.options.begin(envelope, 'orgpulse-v1');
    const waiting = this.pending;
    this.pending = [];
    for (const write of waiting) await this.write(write);
  }

  private recordFacts(envelope: Envelope): void {
    this.options.facts.accountId = envelope.account_id;
    this.options.facts.granularity = envelope.period.granularity;
    this.options.facts.periodStart = envelope.period.start;
  }

  async end(): Promise<ReadSnapshotResult> {
    if (!this.versionSeen) return this.endLegacy();
    if (!this.writer && !this.envelopeFailed && this.log.issuesTotal === 0) await this.start();
    if (!this.writer && !this.envelopeFailed && this.log.issuesTotal > 0) {
      // The document is broken anyway; still report what is wrong with its envelope.
      const verdict = validateSnapshot(this.envelopeRaw);
      if (!verdict.ok) for (const issue of verdict.issues) this.log.addIssue(issue);
    }
    if (this.log.issuesTotal > 0) throw contractViolation(this.log);
    const write = await this.writer!.finish();
    return {
      write,
      envelope: this.envelope!,
      sourceFormat: 'orgpulse-v1',
      unknownFields: this.log.unknownTotal,
      unknownFieldPaths: this.log.unknownPaths,
      notes: [],
    };
  }

  /** Reading failed: statements of written sections may still be queued, and must not run after the caller's rollback. */
  async abort(): Promise<void> {
    await this.writer?.abort();
  }

  /** No schema_version: an Agency 360 file (converted), or not a snapshot this receiver reads. */
  private async endLegacy(): Promise<ReadSnapshotResult> {
    const doc = Object.fromEntries(this.held);
    this.held = [];
    const format = detectLegacy(doc, this.options.info);
    if (!format) {
      const verdict = validateSnapshot(doc);
      if (!verdict.ok) throw new RejectError(verdict.reason, verdict.message, verdict.issues);
      throw new RejectError('unsupported_schema_version', 'the document has no schema_version');
    }
    this.options.facts.sourceFormat = format;
    const converted = convertLegacy(doc, format, this.options.info);
    const verdict = validateSnapshot(converted.document);
    if (!verdict.ok) {
      const first = verdict.issues
        .slice(0, 3)
        .map((i) => `${i.path}: ${i.message}`)
        .join('; ');
      throw new RejectError('legacy_unconvertible', `the ${format} file converts to a snapshot that breaks the contract: ${first}`, verdict.issues);
    }
    const snapshot = verdict.snapshot;
    this.recordFacts(snapshot);
    checkKeyMatchesDocument(this.options.key, this.options.info, snapshot.account_id, snapshot.period, { legacyDates: true });
    const writer = await this.options.begin(snapshot, format);
    this.writer = writer;
    for (const [name, value] of Object.entries(snapshot)) {
      if (isSectionName(name) && value !== undefined) await writer.writeSection(name, value as NonNullable<Snapshot[typeof name]>);
    }
    const write = await writer.finish();
    return {
      write,
      envelope: snapshot,
      sourceFormat: format,
      unknownFields: verdict.unknownFields + converted.unknownFields,
      unknownFieldPaths: [...converted.unknownFieldPaths, ...verdict.unknownFieldPaths].slice(0, ValidationLog.MAX_UNKNOWN_PATHS),
      notes: converted.notes,
    };
  }
}

/** Reads, validates and loads one file; throws RejectError for anything wrong with the file itself. */
export async function readSnapshot(input: Readable, options: ReadSnapshotOptions): Promise<ReadSnapshotResult> {
  const log = new ValidationLog();
  const counter = { nul: 0 };
  const stats = { bytes: 0 };
  const reader = new TopLevelReader(log, counter, isStreamedArray);
  const assembly = new Assembly(options, log);
  const drain = async (): Promise<void> => {
    // shift(): a written section is released before the next one is handled.
    const entries = reader.take();
    for (let entry = entries.shift(); entry; entry = entries.shift()) await assembly.accept(entry);
    if (log.full) throw contractViolation(log);
  };
  try {
    for await (const text of decodeText(input, { gzip: options.info.gzip, maxBytes: options.maxBytes }, stats)) {
      reader.write(text);
      options.facts.uncompressedBytes = stats.bytes;
      options.facts.nulStripped = counter.nul;
      await drain();
    }
    reader.end();
    await drain();
    return await assembly.end();
  } catch (error) {
    await assembly.abort();
    throw error;
  } finally {
    options.facts.uncompressedBytes = stats.bytes;
    options.facts.nulStripped = counter.nul;
  }
}
