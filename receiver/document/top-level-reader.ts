// Splits a streamed JSON document into its top-level entries. Sections are validated while they
// stream once schema_version says the document is ours: each item of a split array (section-plan.ts)
// is parsed and validated on its own as soon as its text is complete, and the rest of the section
// (its "shell", with those arrays left empty) once the section ends. Before schema_version (and for
// Agency 360 files, which have no schema_version) entries are kept as plain JSON values.
import { formatPath, sectionNames, validateSnapshot, type SectionName } from '../../snapshot/index.js';
import { RejectError } from '../errors.js';
import { COLON, COMMA, JsonScanner, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET, truncated, type Capture, type NulCounter } from './json-scanner.js';
import type { SplitNode } from './section-plan.js';
import { SectionValidator, sectionPlan, type Path, type SplitArray, type ValidationLog } from './section-validator.js';

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
  /** A validated section; value is undefined when it broke the contract (the issues are in the log). Streamed arrays are empty in it. */
  | { kind: 'section'; key: SectionName; value: unknown }
  /** The next validated items of a streamed array of a section (path inside the section, '' for the section itself). */
  | { kind: 'items'; key: SectionName; path: string; items: unknown[] };

/** Which arrays of a section go out in batches of items as they are read (the rest of the section stays whole). */
export type StreamedArrays = (section: SectionName, path: string) => boolean;

/** Items per batch of a streamed array: enough to fill a write chunk in a few batches, small next to a section. */
export const STREAM_BATCH = 1000;

/** The same verdict validateSnapshot gives on schema_version, without the rest of the document. */
export function schemaVersionProblem(version: unknown): RejectError | undefined {
  const verdict = validateSnapshot({ schema_version: version });
  if (!verdict.ok && verdict.reason === 'unsupported_schema_version') return new RejectError(verdict.reason, verdict.message, verdict.issues);
  return undefined;
}

function describeStart(c: number): string {
  if (c === LBRACKET) return 'an array';
  if (c === QUOTE) return 'a string';
  if (c === 0x74 || c === 0x66) return 'a boolean';
  if (c === 0x6e) return 'null';
  return 'a number';
}

/** Resumed after every chunk; returns (yields) when it needs more text. */
type Step<T = void> = Generator<void, T, void>;

/** A section being read: its validator, its shell capture and the arrays split out of it. */
interface SectionRead {
  validator: SectionValidator;
  shell: Capture;
  splits: SplitArray[];
}

export class TopLevelReader {
  private readonly scanner: JsonScanner;
  private readonly machine: Step;
  private closed = false;
  private readonly seen = new Set<string>();
  private validating = false;
  private ready: TopLevelEntry[] = [];

  constructor(
    private readonly log: ValidationLog,
    counter: NulCounter,
    private readonly streamed: StreamedArrays = () => false,
  ) {
    this.scanner = new JsonScanner(counter);
    this.machine = this.document();
  }

  /** Reads a chunk of text; throws RejectError on what cannot be a snapshot. */
  write(text: string): void {
    this.scanner.feed(text);
    this.machine.next();
  }

  /** No more text: throws RejectError not_json when the document is incomplete. */
  end(): void {
    this.scanner.ended = true;
    this.machine.next();
  }

  /** Entries completed since the last call. */
  take(): TopLevelEntry[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }

  get complete(): boolean {
    return this.closed;
  }

  private *document(): Step {
    const s = this.scanner;
    yield* this.nonWhitespace();
    if (s.peek() !== LBRACE) {
      const what = describeStart(s.peek());
      if (what === 'an array') throw new RejectError('not_an_object', `a snapshot is a JSON object, got ${what}`);
      // valid JSON of another kind, or not JSON at all
      yield* this.whole('', 'the document');
      throw new RejectError('not_an_object', `a snapshot is a JSON object, got ${what}`);
    }
    s.pos++;
    yield* this.nonWhitespace();
    if (s.peek() === RBRACE) s.pos++;
    else {
      for (;;) {
        const key = yield* this.key();
        yield* this.nonWhitespace();
        yield* this.entry(key);
        if ((yield* this.nextMember(RBRACE)) === 'end') break;
      }
    }
    this.closed = true;
    for (;;) {
      if (s.skipWhitespace()) throw s.syntaxError('nothing after the end of the document');
      if (s.ended) return;
      yield;
    }
  }

  private *nonWhitespace(): Step {
    while (!this.scanner.skipWhitespace()) {
      if (this.scanner.ended) throw truncated();
      yield;
    }
  }

  /**
   * Hot loops call the generators below only when the text at hand runs out (`if (!s.skipWhitespace())
   * yield* this.nonWhitespace()`): every call of a generator allocates one, and a load reads
   * hundreds of thousands of items.
   */

  /** After a member or an item: a comma (another follows) or the closing bracket. */
  private *nextMember(close: number): Step<'more' | 'end'> {
    yield* this.nonWhitespace();
    const next = this.separator(close);
    if (next === 'more') yield* this.nonWhitespace();
    return next;
  }

  /** The comma or closing bracket at `pos` (not whitespace), consumed. */
  private separator(close: number): 'more' | 'end' {
    const c = this.scanner.peek();
    if (c !== COMMA && c !== close) throw this.scanner.syntaxError(`"," or "${String.fromCharCode(close)}"`);
    this.scanner.pos++;
    return c === close ? 'end' : 'more';
  }

  /** A property name and its colon; leaves `pos` at the value. */
  private *key(): Step<string> {
    const s = this.scanner;
    if (s.peek() !== QUOTE) throw s.syntaxError('a property name in double quotes');
    const key = (yield* this.whole('', 'a property name')) as string;
    yield* this.nonWhitespace();
    if (s.peek() !== COLON) throw s.syntaxError('":"');
    s.pos++;
    yield* this.nonWhitespace();
    return key;
  }

  private *scan(depth: number, where: string): Step {
    this.scanner.beginValue(depth, where);
    if (!this.scanner.scanValue()) yield* this.restOfValue();
  }

  /** Scans on as text arrives until the value begun ends. */
  private *restOfValue(): Step {
    const s = this.scanner;
    do {
      if (s.ended) throw truncated();
      yield;
    } while (!s.scanValue());
  }

  /** One value outside the sections, parsed whole; `key` is the top-level key it belongs to. */
  private *whole(key: string, what = `the value of "${key}"`): Step<unknown> {
    const capture = this.scanner.startCapture();
    yield* this.scan(0, key);
    return this.scanner.parse(this.scanner.endCapture(capture), capture.offset, what);
  }

  private *entry(key: string): Step {
    if (this.seen.has(key)) {
      this.log.addIssue({ path: key, message: 'the key appears more than once', code: 'duplicate_key' });
      yield* this.whole(key);
      return;
    }
    this.seen.add(key);
    if (this.validating && isSectionName(key)) {
      const s = this.scanner;
      const read: SectionRead = { validator: new SectionValidator(key, this.log), shell: s.startCapture(), splits: [] };
      yield* this.planned(read, sectionPlan(key), [key]);
      const shell = s.parse(s.endCapture(read.shell), read.shell.offset, `the section "${key}"`);
      this.ready.push({ kind: 'section', key, value: read.validator.finish(shell, read.splits) });
      return;
    }
    if (this.validating && !isEnvelopeKey(key)) {
      this.log.addUnknown([key]);
      yield* this.whole(key);
      return;
    }
    const value = yield* this.whole(key);
    if (key === 'schema_version') {
      const problem = schemaVersionProblem(value);
      if (problem) throw problem;
      this.validating = true;
    }
    this.ready.push({ kind: 'raw', key, value });
  }

  /** A value inside a section: split arrays and the objects that lead to them are walked, the rest scanned. */
  private *planned(read: SectionRead, plan: SplitNode | undefined, path: Path): Step {
    const c = this.scanner.peek();
    if (plan?.element && c === LBRACKET) yield* this.splitArray(read, plan.element, path);
    else if (plan?.children && c === LBRACE) yield* this.plannedObject(read, plan.children, path);
    else yield* this.scan(path.length - 1, path[0] as string);
  }

  private *plannedObject(read: SectionRead, children: Map<string, SplitNode>, path: Path): Step {
    const s = this.scanner;
    s.pos++;
    yield* this.nonWhitespace();
    if (s.peek() === RBRACE) {
      s.pos++;
      return;
    }
    // JSON.parse would keep the last of a repeated key, but a split (or streamed) array has been
    // read by then: the document is refused instead, as at the top level.
    const seen = new Set<string>();
    do {
      const key = yield* this.key();
      if (seen.has(key)) this.log.addIssue({ path: formatPath([...path, key]), message: 'the key appears more than once', code: 'duplicate_key' });
      seen.add(key);
      yield* this.planned(read, children.get(key), [...path, key]);
    } while ((yield* this.nextMember(RBRACE)) === 'more');
  }

  /**
   * Items are left out of the shell (it keeps "[]") and validated one by one; those of a streamed
   * array go out in batches as they are read (its section then has it empty).
   */
  private *splitArray(read: SectionRead, element: NonNullable<SplitNode['element']>, path: Path): Step {
    const s = this.scanner;
    const section = read.validator.name;
    const inside = path.slice(1).join('.');
    const streamed = this.streamed(section, inside);
    const split: SplitArray = { path: path.slice(1), items: [] };
    read.splits.push(split);
    const items = read.validator.items(element, path);
    let batch: unknown[] = [];
    const send = (): void => {
      if (batch.length > 0) this.ready.push({ kind: 'items', key: section, path: inside, items: batch });
      batch = [];
    };
    s.pos++;
    s.pause(read.shell);
    yield* this.nonWhitespace();
    if (s.peek() === RBRACKET) s.pos++;
    else {
      // scan and nextMember spelled out, so that a generator is entered only when the text runs
      // out (calling them for every item cost 5 % of the CPU of a load)
      for (;;) {
        // after a comma, "]" is not a value: the scan refuses it
        const text = s.startCapture();
        s.beginValue(path.length, section);
        if (!s.scanValue()) yield* this.restOfValue();
        const item = s.parse(s.endCapture(text), text.offset, `an item of ${path.join('.')}`);
        const valid = items.validate(item);
        if (!streamed) split.items.push(valid);
        else if (valid !== null) {
          batch.push(valid);
          if (batch.length >= STREAM_BATCH) send();
        }
        if (!s.skipWhitespace()) yield* this.nonWhitespace();
        if (this.separator(RBRACKET) === 'end') break;
        if (!s.skipWhitespace()) yield* this.nonWhitespace();
      }
    }
    send();
    s.resume(read.shell, s.pos - 1); // the shell keeps the closing "]"
  }
}
