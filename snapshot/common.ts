// Building blocks shared by every section of the snapshot contract.
import { z } from 'zod';

/** 12-digit AWS account id. */
export const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
/** ISO calendar date, YYYY-MM-DD. */
export const isoDate = z.iso.date();
/** ISO 8601 instant with an explicit offset or Z. */
export const isoDateTime = z.iso.datetime({ offset: true });
/** AWS region code, or "global" for account-wide items (S3 bucket list, CloudFront WAF …). */
export const region = z.string().regex(/^(global|[a-z]{2}(-[a-z]+)+-\d+)$/, 'must be an AWS region code or "global"');
export const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code').default('USD');
/** An amount of money; negative values are real (credits, refunds). */
export const money = z.number().gt(-1e10).lt(1e10);
/** Fits a PostgreSQL integer column. */
export const count = z.number().int().min(0).max(2_147_483_647);
export const percent = z.number().min(0).max(100);
export const nonNegative = z.number().min(0).lt(1e12);
export const arn = z.string().regex(/^arn:[\w-]+:/, 'must be an ARN');
/** Free text from AWS or from users: kept verbatim, any length up to 1 MiB. */
export const text = z.string().max(1_048_576);
/** A name or id that is part of a table key: bounded so that it fits a btree index entry. */
export const identifier = z.string().min(1).max(512);
export const tags = z.record(z.string().max(128), z.string().max(256));

/** Optional and nullable: AWS omits fields as often as it nulls them. */
export function opt<T extends z.ZodType>(schema: T) {
  return schema.nullish();
}
