import { decodeEventKey, errorReportKey, loadedKey, parseObjectKey, rejectedKey } from '../../receiver/keys.js';
import { RejectError, classifyError, classifySqlState } from '../../receiver/errors.js';
import { DataApiError } from '../../db/dialects/data-api.js';

test('keys: the OrgPulse and Agency 360 layouts, and where files go', () => {
  expect(parseObjectKey('data/123456789012/2026-11-20_DAILY.json.gz')).toEqual({ ok: true, info: { accountId: '123456789012', date: '2026-11-20', interval: 'DAILY', gzip: true } });
  expect(parseObjectKey('data/123456789012/2026-11-01_MONTHLY.json')).toMatchObject({ ok: true, info: { interval: 'MONTHLY', gzip: false } });
  expect(parseObjectKey('data/123456789012/eu-west-1/2025-10-08_DAILY.json')).toMatchObject({ ok: true, info: { region: 'eu-west-1' } });
  for (const bad of ['data/12345/2026-11-20_DAILY.json', 'data/123456789012/2026-13-01_DAILY.json', 'data/123456789012/20261120_DAILY.json', 'other/123456789012/2026-11-20_DAILY.json', 'data/123456789012/2026-11-20_daily.json']) {
    expect(parseObjectKey(bad).ok).toBe(false);
  }
  expect(loadedKey('data/123456789012/2026-11-20_DAILY.json.gz')).toBe('loaded/123456789012/2026-11-20_DAILY.json.gz');
  expect(rejectedKey('data/x/data/y')).toBe('rejected/x/data/y');
  expect(errorReportKey('data/x/y.json')).toBe('rejected/x/y.json.error.json');
  expect(decodeEventKey('data/123456789012/my+file%3A1.json')).toBe('data/123456789012/my file:1.json');
});

test('SQLSTATE classes: connection, rollback, resources and shutdown retry; data, integrity, limits reject', () => {
  expect(classifySqlState('08006')).toMatchObject({ kind: 'transient', reason: 'database_unavailable' });
  expect(classifySqlState('40001')).toMatchObject({ kind: 'transient', reason: 'transaction_conflict' });
  expect(classifySqlState('40P01')).toMatchObject({ kind: 'transient', reason: 'transaction_conflict' });
  expect(classifySqlState('53300')).toMatchObject({ kind: 'transient' });
  expect(classifySqlState('57P01')).toMatchObject({ kind: 'transient' });
  expect(classifySqlState('22P02')).toMatchObject({ kind: 'content', reason: 'database_rejected' });
  expect(classifySqlState('23505')).toMatchObject({ kind: 'content', reason: 'database_rejected' });
  expect(classifySqlState('54000')).toMatchObject({ kind: 'content', reason: 'database_rejected' });
  expect(classifySqlState('21000')).toMatchObject({ kind: 'content', reason: 'database_rejected' });
  expect(classifySqlState('42P01')).toMatchObject({ kind: 'internal' });
});

test('errors from pg, PGlite, the Data API, the network and S3 are classified', () => {
  expect(classifyError(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).toMatchObject({ kind: 'transient', code: '40P01' });
  expect(classifyError(new Error('Connection terminated unexpectedly'))).toMatchObject({ kind: 'transient', reason: 'database_unavailable' });
  expect(classifyError(new Error('PGlite is closed'))).toMatchObject({ kind: 'transient' });
  expect(classifyError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toMatchObject({ kind: 'transient' });
  expect(classifyError(new DataApiError('Data API BadRequestException: ERROR: value too long; SQLState: 22001', 'insert', { code: '22001' }))).toMatchObject({ kind: 'content', reason: 'database_rejected' });
  const resuming = new DataApiError('Data API DatabaseResumingException', 'select', { cause: Object.assign(new Error('resuming'), { name: 'DatabaseResumingException' }) });
  expect(classifyError(resuming)).toMatchObject({ kind: 'transient', reason: 'database_unavailable' });
  const slowDown = Object.assign(new Error('reduce your request rate'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
  expect(classifyError(slowDown, 'storage')).toMatchObject({ kind: 'transient', reason: 'storage_unavailable' });
  expect(classifyError(new RejectError('not_json', 'x'))).toMatchObject({ kind: 'content', reason: 'not_json' });
  expect(classifyError(new TypeError('x is not a function'))).toMatchObject({ kind: 'internal', reason: 'internal_error' });
});
