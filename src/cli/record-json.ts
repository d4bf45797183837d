const SPECIAL_NUMBERS = new Map<number, string>([
  [NaN, 'NaN'],
  [Infinity, 'Infinity'],
  [-Infinity, '-Infinity'],
]);

/**
 * A record as the API returns it, as JSON can hold it: dates become ISO strings, and the numbers
 * JSON cannot write (NaN, Infinity, -Infinity, -0) their names as strings, where JSON.stringify
 * would write null or 0. Everything else is as the record holds it.
 */
export function recordAsJson(record: object | null): unknown {
  if (record === null) return null;
  return JSON.parse(
    JSON.stringify(record, (_key, value: unknown) => {
      if (typeof value !== 'number') return value;
      if (Object.is(value, -0)) return '-0';
      return SPECIAL_NUMBERS.get(value) ?? value;
    }),
  );
}
