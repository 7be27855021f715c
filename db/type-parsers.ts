// The same JS types on every backend: date → 'YYYY-MM-DD', numeric → string (exact), int8 → number
// (ids and counts stay far below 2^53), timestamptz → Date, json/jsonb → parsed value.
export const PG_INT8 = 20;
export const PG_DATE = 1082;
export const PG_NUMERIC = 1700;

const keepText = (v: string): string => v;

/** Parsers by type oid for the types whose driver default differs from the above. */
export const typeParsers: Record<number, (value: string) => unknown> = {
  [PG_DATE]: keepText,
  [PG_NUMERIC]: keepText,
  [PG_INT8]: (v: string): number => Number(v),
};
