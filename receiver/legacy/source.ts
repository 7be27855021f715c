// Reading Agency 360 values: lenient about the Python-era shapes (str(datetime), 'None', tag
// lists), strict about identity, and keeping track of every field that has no place in the contract.
import { RejectError } from '../errors.js';

export type Json = Record<string, unknown>;

/** Collects what the conversion had to leave out or assume, for the ingestion record. */
export class ConversionLog {
  readonly notes: string[] = [];
  /** Field paths (indexes as []) of A360 fields the contract has no place for. */
  readonly dropped = new Map<string, number>();

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  drop(path: string): void {
    this.dropped.set(path, (this.dropped.get(path) ?? 0) + 1);
  }
}

export function unconvertible(part: string, message: string): RejectError {
  return new RejectError('legacy_unconvertible', `${part}: ${message}`, [{ path: part, message, code: 'legacy_unconvertible' }]);
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const REGION = /^(global|[a-z]{2}(-[a-z]+)+-\d+)$/;

export function isRegion(value: unknown): value is string {
  return typeof value === 'string' && REGION.test(value);
}

/** The region of an ARN (arn:partition:service:region:account:…), when it names one. */
export function regionFromArn(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const region = arn.split(':')[3];
  return isRegion(region) ? region : undefined;
}

/**
 * Python wrote datetimes as `2025-10-08 12:34:56.123456+00:00` or ISO; naive ones are UTC (the
 * sender ran in Lambda). Unparseable text is returned as is, so that the contract names the field.
 */
export function toInstant(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value > 1e11 ? value : value * 1000).toISOString();
  if (typeof value !== 'string') return value;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(value.trim());
  if (!m) return value;
  const [, day, time = '00:00:00', fraction = '', zone = 'Z'] = m;
  const iso = `${day}T${time.length === 5 ? `${time}:00` : time}${fraction.slice(0, 4)}${zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** A calendar day from a date or datetime value. */
export function toDay(value: unknown): unknown {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  return value ?? null;
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** One A360 record: typed reads that remember which fields were used. */
export class Source {
  private readonly used = new Set<string>();

  constructor(
    readonly value: Json,
    /** Field path for notes and errors, e.g. `security.kms[]`. */
    readonly path: string,
    private readonly log: ConversionLog,
  ) {}

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  raw(key: string): unknown {
    this.used.add(key);
    return this.value[key];
  }

  /** Marks fields as consumed without reading them (derived or duplicated elsewhere). */
  ignore(...keys: string[]): void {
    for (const k of keys) this.used.add(k);
  }

  /** Text, with A360's placeholders ('None', '') as null. */
  str(key: string): string | null {
    const v = this.raw(key);
    if (v === null || v === undefined) return null;
    const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
    return s === '' || s === 'None' || s === 'null' ? null : s;
  }

  req(key: string, ...fallbacks: string[]): string {
    for (const k of [key, ...fallbacks]) {
      const v = this.str(k);
      if (v !== null) return v;
    }
    throw unconvertible(this.path, `has no ${[key, ...fallbacks].join(' / ')}`);
  }

  /** A number; numeric strings ("12.5") are accepted, anything else is passed on for the contract to name. */
  num(key: string): unknown {
    const v = this.raw(key);
    if (v === null || v === undefined || v === '' || v === 'None') return null;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    return v;
  }

  bool(key: string): boolean | null {
    const v = this.raw(key);
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'True') return true;
    if (v === 'false' || v === 'False') return false;
    return null;
  }

  time(key: string): unknown {
    return toInstant(this.raw(key));
  }

  upper(key: string): string | null {
    return this.str(key)?.toUpperCase() ?? null;
  }

  /** Records the fields nobody read as dropped. */
  done(): void {
    for (const [k, v] of Object.entries(this.value)) {
      if (this.used.has(k) || v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
      this.log.drop(`${this.path}.${k}`);
    }
  }
}

/** The records of an A360 list (anything that is not an object is unconvertible). */
export function records(value: unknown, path: string, log: ConversionLog): Source[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw unconvertible(path, `expected a list, got ${typeof value}`);
  return value.map((item, i) => {
    if (!isObject(item)) throw unconvertible(`${path}[${i}]`, 'expected an object');
    return new Source(item, `${path}[]`, log);
  });
}

/** Tags as A360 wrote them: a {Key: Value} object or a list of {Key, Value}. */
export function tagsFrom(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const t of value) if (isObject(t) && typeof t.Key === 'string') out[t.Key] = String(t.Value ?? '');
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = String(v);
  }
  return out;
}

/** Values mapped case-insensitively; unknown ones are passed on unchanged for the contract to reject by path. */
export function mapEnum<T extends string>(value: string | null, mapping: Record<string, T>): T | string | null {
  if (value === null) return null;
  const key = value.toLowerCase().replace(/[\s_-]/g, '');
  return mapping[key] ?? value;
}

/** Keeps the last of items with the same key (the loader upserts by key; A360 lists could repeat). */
export function lastByKey<T>(items: T[], key: (item: T) => string, log: ConversionLog, part: string): T[] {
  const map = new Map<string, T>();
  for (const item of items) map.set(key(item), item);
  if (map.size < items.length) log.note(`${part}: ${items.length - map.size} repeated item(s) merged (the last one kept)`);
  return [...map.values()];
}
