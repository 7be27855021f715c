// Finds where JSON values begin and end in streamed text without building them, so that each
// value the reader needs is handed whole to the native JSON.parse. With a token-level JavaScript
// parser (stream-json, which this replaces) the streaming read of a 100 MB snapshot took 3.5–3.7 s
// of CPU, most of it token objects and their garbage; with this scanner 2.4–2.8 s (docs/performance.md).
//
// The scanner only tracks strings and bracket depth; the text it captures is checked by JSON.parse,
// and the reader checks the commas, colons and brackets between captured values.
import { RejectError } from '../errors.js';

export interface NulCounter {
  nul: number;
}

/** Contract nesting is at most 6 levels; anything far deeper is not a snapshot (and would exhaust the stack later). */
export const MAX_DEPTH = 64;

/** Text being collected across chunks: the parts of earlier chunks, and where it starts in the current one (-1: paused). */
export interface Capture {
  readonly parts: string[];
  start: number;
  /** Character offset of the capture's start in the document, for error messages. */
  readonly offset: number;
}

/** Character codes of the JSON punctuation the scanner and the reader look at. */
export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const LBRACKET = 0x5b;
export const RBRACKET = 0x5d;

function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  // JSON.parse semantics: "__proto__" becomes an own property, never the prototype.
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

function stripNul(text: string, counter: NulCounter): string {
  if (text.indexOf('\u0000') < 0) return text;
  const stripped = text.replaceAll('\u0000', '');
  counter.nul += text.length - stripped.length;
  return stripped;
}

/** PostgreSQL text and jsonb cannot hold U+0000: strips it from every key and string, counting what it removed. */
function stripNulDeep(value: unknown, counter: NulCounter): unknown {
  if (typeof value === 'string') return stripNul(value, counter);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = stripNulDeep(value[i], counter);
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) setKey(out, stripNul(key, counter), stripNulDeep(child, counter));
  return out;
}

export function truncated(): RejectError {
  return new RejectError('not_json', 'the file is not valid JSON: it ends before the document is complete');
}

export class JsonScanner {
  /** The current chunk; `pos` is the next character to look at. */
  buf = '';
  pos = 0;
  /** No more text will come. */
  ended = false;
  private base = 0;
  /** Captures collecting text now (a section's shell and one of its items at most). */
  private readonly active: Capture[] = [];
  // state of the value being scanned (scanValue), kept across chunks
  private depth = 0;
  private started = false;
  private primitive = false;
  private inString = false;
  private escapeNext = false;
  private maxDepth = MAX_DEPTH;
  private where = '';

  constructor(private readonly counter: NulCounter) {}

  /** The next chunk; everything of the previous one has been consumed or captured. */
  feed(text: string): void {
    for (const capture of this.active) {
      if (capture.start >= 0) {
        capture.parts.push(this.buf.slice(capture.start));
        capture.start = 0;
      }
    }
    this.base += this.buf.length;
    this.buf = text;
    this.pos = 0;
  }

  get offset(): number {
    return this.base + this.pos;
  }

  peek(): number {
    return this.buf.charCodeAt(this.pos);
  }

  /** Skips JSON whitespace; true when a character other than whitespace is at `pos`. */
  skipWhitespace(): boolean {
    const b = this.buf;
    let i = this.pos;
    for (; i < b.length; i++) {
      const c = b.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    }
    this.pos = i;
    return i < b.length;
  }

  startCapture(): Capture {
    const capture: Capture = { parts: [], start: this.pos, offset: this.offset };
    this.active.push(capture);
    return capture;
  }

  /** Stops collecting at `pos` (the text up to here is kept) until resume(). */
  pause(capture: Capture): void {
    capture.parts.push(this.buf.slice(capture.start, this.pos));
    capture.start = -1;
  }

  /** Collects again from `at` (default `pos`). */
  resume(capture: Capture, at = this.pos): void {
    capture.start = at;
  }

  /** The text captured up to `pos`. */
  endCapture(capture: Capture): string {
    this.active.splice(this.active.indexOf(capture), 1);
    if (capture.start >= 0) capture.parts.push(this.buf.slice(capture.start, this.pos));
    return capture.parts.length === 1 ? capture.parts[0]! : capture.parts.join('');
  }

  /** JSON.parse of captured text, NUL characters stripped; a syntax error is a not_json rejection. */
  parse(text: string, offset: number, what: string): unknown {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new RejectError('not_json', `the file is not valid JSON in ${what} (from character ${offset}): ${(error as Error).message}`, [], { cause: error });
    }
    // "\u0000" is the only way a NUL can be in valid JSON text (raw control characters are rejected).
    return text.includes('\\u0000') ? stripNulDeep(value, this.counter) : value;
  }

  syntaxError(expected: string): RejectError {
    return new RejectError('not_json', `the file is not valid JSON at character ${this.offset}: expected ${expected}`);
  }

  /** Prepares scanValue for the value starting at `pos`; `depth` containers are already open above it. */
  beginValue(depth: number, where: string): void {
    this.depth = 0;
    this.started = false;
    this.primitive = false;
    this.inString = false;
    this.escapeNext = false;
    this.maxDepth = MAX_DEPTH - depth;
    this.where = where;
  }

  /** Advances over the value begun with beginValue; true when `pos` is just past its end, false when the chunk ran out first. */
  scanValue(): boolean {
    const b = this.buf;
    const n = b.length;
    let i = this.pos;
    if (this.inString) {
      i = this.stringEnd(i);
      if (i < 0) {
        this.pos = n;
        return false;
      }
      this.inString = false;
      if (this.depth === 0) {
        this.pos = i;
        return true;
      }
    } else if (!this.started) {
      if (i >= n) return false;
      this.started = true;
      const c = b.charCodeAt(i);
      if (c === QUOTE) {
        this.inString = true;
        this.pos = i + 1;
        return this.scanValue();
      }
      if (c === COMMA || c === COLON || c === RBRACE || c === RBRACKET) throw this.syntaxError('a value');
      this.primitive = c !== LBRACE && c !== LBRACKET;
    }
    if (this.primitive) {
      // number, true, false or null: ends at a delimiter (JSON.parse checks what it is)
      for (; i < n; i++) {
        const c = b.charCodeAt(i);
        if (c === COMMA || c === RBRACE || c === RBRACKET || c <= 0x20) {
          this.pos = i;
          return true;
        }
      }
      this.pos = n;
      return this.ended; // a document that is only a number
    }
    let depth = this.depth;
    while (i < n) {
      const c = b.charCodeAt(i);
      if (c === QUOTE) {
        const end = this.stringEnd(i + 1);
        if (end < 0) {
          this.inString = true;
          this.depth = depth;
          this.pos = n;
          return false;
        }
        i = end;
        continue;
      }
      if (c === LBRACE || c === LBRACKET) {
        if (++depth > this.maxDepth) throw this.tooDeep();
      } else if (c === RBRACE || c === RBRACKET) {
        if (--depth === 0) {
          this.depth = 0;
          this.pos = i + 1;
          return true;
        }
      }
      i++;
    }
    this.depth = depth;
    this.pos = n;
    return false;
  }

  /** Index just past the quote that closes the string being scanned from `from`, or -1 when the chunk ends inside it. */
  private stringEnd(from: number): number {
    const b = this.buf;
    const n = b.length;
    let i = from;
    if (this.escapeNext) {
      if (i >= n) return -1;
      this.escapeNext = false;
      i++;
    }
    for (;;) {
      const quote = b.indexOf('"', i);
      const end = quote < 0 ? n : quote;
      let k = end - 1;
      while (k >= i && b.charCodeAt(k) === BACKSLASH) k--;
      const escaped = (end - 1 - k) % 2 === 1;
      if (quote < 0) {
        this.escapeNext = escaped;
        return -1;
      }
      if (!escaped) return quote + 1;
      i = quote + 1;
    }
  }

  private tooDeep(): RejectError {
    return new RejectError('contract_violation', `the document nests deeper than ${MAX_DEPTH} levels`, [
      { path: this.where, message: `nested deeper than ${MAX_DEPTH} levels`, code: 'too_deep' },
    ]);
  }
}
