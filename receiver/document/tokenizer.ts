// stream-json's bare tokenizer driven by hand: text chunks in, tokens out, synchronously, so the
// caller decides when to pause (await a database write) between chunks.
import { jsonParser, type Token } from 'stream-json/parser.js';
import { RejectError } from '../errors.js';

// stream-chain's protocol symbols (registered with Symbol.for so that libraries can share them
// without importing stream-chain, which is not a direct dependency of ours).
const NONE = Symbol.for('object-stream.none');
const MANY = Symbol.for('object-stream.many');

type Step = (value: string | symbol) => unknown;

export class Tokenizer {
  private readonly step: Step;
  private offset = 0;

  constructor() {
    // Packed values only: one keyValue / stringValue / numberValue token per value, no chunks.
    this.step = jsonParser({ packValues: true, streamValues: false }) as unknown as Step;
  }

  /** Tokens for this chunk of text; throws RejectError not_json on a syntax error. */
  write(text: string): Token[] {
    const out = this.run(text);
    this.offset += text.length;
    return out;
  }

  /** The last tokens; throws RejectError not_json when the text ended early. */
  end(): Token[] {
    return this.run(NONE);
  }

  private run(value: string | symbol): Token[] {
    let out: unknown;
    try {
      out = this.step(value);
    } catch (error) {
      const where = value === NONE ? 'at the end of the file' : `in characters ${this.offset}–${this.offset + (value as string).length}`;
      throw new RejectError('not_json', `the file is not valid JSON ${where}: ${(error as Error).message}`, [], { cause: error });
    }
    if (out === NONE || out === undefined) return [];
    if (out && typeof out === 'object' && (out as Record<symbol, unknown>)[MANY] === 1) return (out as { values: Token[] }).values;
    return [out as Token];
  }
}
