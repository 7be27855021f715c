// Builds one JSON value from parser tokens, without recursion. Strips NUL characters from keys and
// strings as they arrive (PostgreSQL text and jsonb cannot hold U+0000) and counts them; hands each
// item of a split array to a callback as soon as it is complete, keeping only what the callback returns.
import type { Token } from 'stream-json/parser.js';
import { RejectError } from '../errors.js';
import type { SplitNode } from './section-plan.js';

export type Path = (string | number)[];

/** An array validated item by item: where it is in the value and what it ended up holding. */
export interface SplitArray {
  path: Path;
  items: unknown[];
}

export interface BuilderHooks {
  /** Called with each complete item of a split array; its return value is kept instead of the raw item. */
  onItem(element: NonNullable<SplitNode['element']>, item: unknown, path: Path): unknown;
}

export interface NulCounter {
  nul: number;
}

interface Frame {
  array: unknown[] | undefined;
  object: Record<string, unknown> | undefined;
  key: string | undefined;
  path: Path;
  plan: SplitNode | undefined;
  /** Set for a split array. */
  element: SplitNode['element'];
}

/** Contract nesting is at most 6 levels; anything far deeper is not a snapshot (and would exhaust the stack later). */
export const MAX_DEPTH = 64;

function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  // JSON.parse semantics: "__proto__" becomes an own property, never the prototype.
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

export function stripNul(text: string, counter: NulCounter): string {
  if (text.indexOf('\u0000') < 0) return text;
  const stripped = text.replaceAll('\u0000', '');
  counter.nul += text.length - stripped.length;
  return stripped;
}

export class ValueBuilder {
  private readonly stack: Frame[] = [];
  private result: unknown;
  private finished = false;
  readonly splits: SplitArray[] = [];

  constructor(
    private readonly rootPath: Path,
    private readonly plan: SplitNode | undefined,
    private readonly hooks: BuilderHooks | undefined,
    private readonly counter: NulCounter,
  ) {}

  get done(): boolean {
    return this.finished;
  }

  get value(): unknown {
    return this.result;
  }

  /** Feeds one token; returns true when the value is complete. */
  push(token: Token): boolean {
    switch (token.name) {
      case 'startObject':
        this.open(false);
        break;
      case 'startArray':
        this.open(true);
        break;
      case 'endObject':
      case 'endArray': {
        const frame = this.stack.pop()!;
        this.complete(frame.array ?? frame.object);
        break;
      }
      case 'keyValue':
        this.stack[this.stack.length - 1]!.key = stripNul(token.value, this.counter);
        break;
      case 'stringValue':
        this.complete(stripNul(token.value, this.counter));
        break;
      case 'numberValue':
        this.complete(Number(token.value));
        break;
      case 'nullValue':
        this.complete(null);
        break;
      case 'trueValue':
        this.complete(true);
        break;
      case 'falseValue':
        this.complete(false);
        break;
      default:
        // Streamed chunks are not requested from the parser; whitespace carries no value.
        break;
    }
    return this.finished;
  }

  private childPlan(): { path: Path; plan: SplitNode | undefined } {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) return { path: this.rootPath, plan: this.plan };
    if (parent.object) return { path: [...parent.path, parent.key!], plan: parent.plan?.children?.get(parent.key!) };
    return { path: [...parent.path, parent.array!.length], plan: undefined };
  }

  private open(isArray: boolean): void {
    if (this.stack.length >= MAX_DEPTH) {
      throw new RejectError('contract_violation', `the document nests deeper than ${MAX_DEPTH} levels`, [
        { path: this.rootPath.join('.'), message: `nested deeper than ${MAX_DEPTH} levels`, code: 'too_deep' },
      ]);
    }
    const { path, plan } = this.childPlan();
    const element = isArray ? plan?.element : undefined;
    const frame: Frame = {
      array: isArray ? [] : undefined,
      object: isArray ? undefined : {},
      key: undefined,
      path,
      plan: isArray ? undefined : plan,
      element,
    };
    if (element) this.splits.push({ path: path.slice(this.rootPath.length), items: frame.array! });
    this.stack.push(frame);
  }

  private complete(value: unknown): void {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      this.result = value;
      this.finished = true;
      return;
    }
    if (parent.object) {
      setKey(parent.object, parent.key!, value);
      parent.key = undefined;
    } else if (parent.element && this.hooks) {
      parent.array!.push(this.hooks.onItem(parent.element, value, [...parent.path, parent.array!.length]));
    } else {
      parent.array!.push(value);
    }
  }
}
