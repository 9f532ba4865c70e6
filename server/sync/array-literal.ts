/**
 * PostgreSQL array literals (`{"a","b"}`, `{1,2}`) for the push statement's parallel columns, passed as text
 * parameters and cast in the SQL (`$7::text[]`), which is what node-postgres sends for a JS array anyway (PGlite
 * passes a string through its array serializer unchanged). node-postgres builds the literal element by element,
 * quoting and escaping each through two regex replaces and a chain of concatenations: for a 500-op batch's four
 * columns that cost ~0.7 ms of the server's CPU and ~0.5 MB of short-lived strings (more young-generation
 * collections). Here it is one `join`, and escaping only when a value needs it — the ids and kinds of a push
 * never do (uuids, guids and fixed kind names), but a value that does is still quoted correctly.
 */

const NEEDS_ESCAPE = /["\\]/;

export function textArrayLiteral(values: readonly string[]): string {
  if (values.length === 0) return '{}';
  const joined = values.join('","');
  if (!NEEDS_ESCAPE.test(joined)) return `{"${joined}"}`;
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** Integers only: anything else would be read by PostgreSQL as something other than what the caller holds. */
export function integerArrayLiteral(values: readonly number[]): string {
  for (const v of values) {
    if (!Number.isSafeInteger(v)) throw new RangeError(`not an integer for an integer array: ${String(v)}`);
  }
  return `{${values.join(',')}}`;
}
