// Splits a streamed JSON document into its top-level entries. Sections are validated while they
// stream once schema_version says the document is ours; before that (and for Agency 360 files,
// which have no schema_version) entries are kept as plain JSON values.
import type { Token } from 'stream-json/parser.js';
import { sectionNames, validateSnapshot, type SectionName } from '../../snapshot/index.js';
import { RejectError } from '../errors.js';
import { SectionValidator, sectionPlan, type ValidationLog } from './section-validator.js';
import { ValueBuilder, stripNul, type NulCounter } from './value-builder.js';

export const ENVELOPE_KEYS = ['schema_version', 'account_id', 'period', 'collected_at', 'regions', 'collectors', 'sender'] as const;
export type EnvelopeKey = (typeof ENVELOPE_KEYS)[number];

const envelopeKeys = new Set<string>(ENVELOPE_KEYS);
const sectionKeys = new Set<string>(sectionNames);

export function isEnvelopeKey(key: string): key is EnvelopeKey {
  return envelopeKeys.has(key);
}
export function isSectionName(key: string): key is SectionName {
  return sectionKeys.has(key);
}

export type TopLevelEntry =
  /** A value kept as plain JSON (envelope keys; anything before schema_version). */
  | { kind: 'raw'; key: string; value: unknown }
  /** A validated section; value is undefined when it broke the contract (the issues are in the log). */
  | { kind: 'section'; key: SectionName; value: unknown };

function describe(token: Token): string {
  switch (token.name) {
    case 'startArray':
      return 'an array';
    case 'stringValue':
      return 'a string';
    case 'numberValue':
      return 'a number';
    case 'nullValue':
      return 'null';
    case 'trueValue':
    case 'falseValue':
      return 'a boolean';
    default:
      return token.name;
  }
}

/** The same verdict validateSnapshot gives on schema_version, without the rest of the document. */
export function schemaVersionProblem(version: unknown): RejectError | undefined {
  const verdict = validateSnapshot({ schema_version: version });
  if (!verdict.ok && verdict.reason === 'unsupported_schema_version') return new RejectError(verdict.reason, verdict.message, verdict.issues);
  return undefined;
}

export class TopLevelReader {
  private started = false;
  private closed = false;
  private key: string | undefined;
  private builder: ValueBuilder | undefined;
  private validator: SectionValidator | undefined;
  private skipDepth = 0;
  private skipping = false;
  private readonly seen = new Set<string>();
  private validating = false;
  private ready: TopLevelEntry[] = [];

  constructor(
    private readonly log: ValidationLog,
    private readonly counter: NulCounter,
  ) {}

  /** Entries completed since the last call. */
  take(): TopLevelEntry[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }

  get complete(): boolean {
    return this.closed;
  }

  push(token: Token): void {
    if (!this.started) {
      if (token.name !== 'startObject') throw new RejectError('not_an_object', `a snapshot is a JSON object, got ${describe(token)}`);
      this.started = true;
      return;
    }
    if (this.skipping) {
      this.skip(token);
      return;
    }
    if (this.builder) {
      if (this.builder.push(token)) this.completeValue();
      return;
    }
    if (token.name === 'endObject') {
      this.closed = true;
      return;
    }
    if (token.name !== 'keyValue') return;
    const key = stripNul(token.value, this.counter);
    if (this.seen.has(key)) {
      this.log.addIssue({ path: key, message: 'the key appears more than once', code: 'duplicate_key' });
      this.startSkip();
      return;
    }
    this.seen.add(key);
    this.key = key;
    if (this.validating && isSectionName(key)) {
      this.validator = new SectionValidator(key, this.log);
      this.builder = new ValueBuilder([key], sectionPlan(key), this.validator, this.counter);
    } else if (this.validating && !isEnvelopeKey(key)) {
      this.log.addUnknown([key]);
      this.startSkip();
    } else {
      this.builder = new ValueBuilder([key], undefined, undefined, this.counter);
    }
  }

  private startSkip(): void {
    this.skipping = true;
    this.skipDepth = 0;
  }

  private skip(token: Token): void {
    if (token.name === 'startObject' || token.name === 'startArray') this.skipDepth++;
    else if (token.name === 'endObject' || token.name === 'endArray') this.skipDepth--;
    else if (token.name === 'keyValue') return;
    if (this.skipDepth === 0) this.skipping = false;
  }

  private completeValue(): void {
    const builder = this.builder!;
    const key = this.key!;
    this.builder = undefined;
    if (this.validator) {
      const validator = this.validator;
      this.validator = undefined;
      this.ready.push({ kind: 'section', key: validator.name, value: validator.finish(builder.value, builder.splits) });
      return;
    }
    if (key === 'schema_version') {
      const problem = schemaVersionProblem(builder.value);
      if (problem) throw problem;
      this.validating = true;
    }
    this.ready.push({ kind: 'raw', key, value: builder.value });
  }
}
