// The key names the account, day and granularity; the document must say the same.
import type { Period } from '../../snapshot/index.js';
import { RejectError } from '../errors.js';
import type { KeyInfo } from '../keys.js';

export interface KeyMatchOptions {
  /**
   * Agency 360 names a file by the day it ran (D) and holds Cost Explorer data for D−1 (End is
   * exclusive): its key date is compared with period.end instead of period.start.
   */
  legacyDates?: boolean;
}

export function checkKeyMatchesDocument(key: string, info: KeyInfo, accountId: string, period: Period, options: KeyMatchOptions = {}): void {
  if (accountId !== info.accountId) {
    throw new RejectError('account_mismatch', `the key ${key} names account ${info.accountId} but the document is for account ${accountId}`, [
      { path: 'account_id', message: `expected ${info.accountId} (from the key), got ${accountId}`, code: 'account_mismatch' },
    ]);
  }
  if (info.interval !== period.granularity) {
    throw new RejectError('granularity_mismatch', `the key ${key} says ${info.interval} but the document's period is ${period.granularity}`, [
      { path: 'period.granularity', message: `expected ${info.interval} (from the key), got ${period.granularity}`, code: 'granularity_mismatch' },
    ]);
  }
  const field = options.legacyDates ? 'end' : 'start';
  if (info.date !== period[field]) {
    throw new RejectError('date_mismatch', `the key ${key} is dated ${info.date} but the document's period.${field} is ${period[field]}`, [
      { path: `period.${field}`, message: `expected ${info.date} (from the key), got ${period[field]}`, code: 'date_mismatch' },
    ]);
  }
}
