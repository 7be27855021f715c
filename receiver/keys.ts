// Object keys: what a key under data/ says about its file, and where the file goes afterwards.

export const DATA_PREFIX = 'data/';

export interface KeyInfo {
  accountId: string;
  /** The date in the file name (YYYY-MM-DD). */
  date: string;
  /** DAILY | MONTHLY for OrgPulse files; Agency 360 also named WEEKLY / YEARLY. */
  interval: string;
  /** The region folder of the Agency 360 v2 layout (data/{account}/{region}/…). */
  region?: string;
  gzip: boolean;
}

export type KeyParse = { ok: true; info: KeyInfo } | { ok: false; message: string };

const FLAT = /^data\/(\d{12})\/(\d{4}-\d{2}-\d{2})_([A-Z]+)\.json(\.gz)?$/;
const REGIONAL = /^data\/(\d{12})\/([a-z]{2}(?:-[a-z]+)+-\d+)\/(\d{4}-\d{2}-\d{2})_([A-Z]+)\.json(\.gz)?$/;

function isCalendarDate(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/**
 * `data/{account_id}/{YYYY-MM-DD}_{DAILY|MONTHLY}.json[.gz]` (OrgPulse and Agency 360 v1) or
 * `data/{account_id}/{region}/{YYYY-MM-DD}_{INTERVAL}.json[.gz]` (Agency 360 v2).
 */
export function parseObjectKey(key: string): KeyParse {
  const flat = FLAT.exec(key);
  const regional = flat ? null : REGIONAL.exec(key);
  if (!flat && !regional) {
    return {
      ok: false,
      message: `key ${JSON.stringify(key)} does not follow data/{account_id}/{YYYY-MM-DD}_{DAILY|MONTHLY}.json[.gz] (or data/{account_id}/{region}/… for Agency 360 v2 files)`,
    };
  }
  const info: KeyInfo = flat
    ? { accountId: flat[1]!, date: flat[2]!, interval: flat[3]!, gzip: flat[4] !== undefined }
    : { accountId: regional![1]!, region: regional![2]!, date: regional![3]!, interval: regional![4]!, gzip: regional![5] !== undefined };
  if (!isCalendarDate(info.date)) return { ok: false, message: `key ${JSON.stringify(key)}: ${info.date} is not a calendar date` };
  return { ok: true, info };
}

function swapRoot(key: string, root: string): string {
  return key.startsWith(DATA_PREFIX) ? `${root}/${key.slice(DATA_PREFIX.length)}` : `${root}/${key}`;
}

/** Same key with the first `data/` replaced by `loaded/`. */
export function loadedKey(key: string): string {
  return swapRoot(key, 'loaded');
}

/** Same key with the first `data/` replaced by `rejected/`. */
export function rejectedKey(key: string): string {
  return swapRoot(key, 'rejected');
}

/** The machine-readable error written beside a rejected file. */
export function errorReportKey(key: string): string {
  return `${rejectedKey(key)}.error.json`;
}

/** S3 event notifications URL-encode keys, with spaces as "+". */
export function decodeEventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, '%20'));
}
