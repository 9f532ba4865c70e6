/**
 * Which index a counter search uses, decided by what the clerk typed. Each mode is one index lookup (see
 * schema.ts), so every mode stays within the 5 ms p95 budget at 200 k residents; there is no full-scan fallback
 * on purpose.
 */
export type ResidentSearch =
  | { mode: 'document'; number: string }
  | { mode: 'document-prefix'; prefix: string }
  | { mode: 'phone'; phone: string }
  | { mode: 'phone-tail'; tail: string }
  | { mode: 'name-prefix'; prefix: string }
  | { mode: 'initials'; prefix: string }
  | { mode: 'none' };

export function classifyResidentQuery(raw: string): ResidentSearch {
  // A Chinese IME left in full-width mode types １３８… and ＡＢＣ; fold them to ASCII first.
  const ascii = raw.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  const q = ascii.trim().replace(/[\s\u3000]+/g, '');
  if (q.length === 0) return { mode: 'none' };

  // 手机尾号: exactly four digits is never a useful prefix of anything else.
  if (/^\d{4}$/.test(q)) return { mode: 'phone-tail', tail: q };
  // An 11-digit number starting with 1 is a mainland mobile; an ID number prefix of that length is not typed in
  // practice (clerks read the whole card or swipe it).
  if (/^1\d{10}$/.test(q)) return { mode: 'phone', phone: q };
  // Landlines and HMT numbers are stored as entered (with '-' or a leading '+').
  if (/^\+?\d[\d-]{4,19}$/.test(q) && /[-+]/.test(q)) return { mode: 'phone', phone: q };

  const upper = q.toUpperCase();
  if (/^\d{17}[\dX]$/.test(upper) || /^\d{15}$/.test(upper)) return { mode: 'document', number: upper };
  // Partial ID numbers, 通行证 (H12345678) and passports (E12345678): letters and digits with at least one digit.
  if (/^[A-Z0-9]{5,20}$/.test(upper) && /\d/.test(upper)) return { mode: 'document-prefix', prefix: upper };

  if (/^[a-z]{1,64}$/i.test(q)) return { mode: 'initials', prefix: q.toLowerCase() };
  // Anything else with a letter in it (Chinese, or a Latin name with a dot) is the start of a name.
  if (/\p{L}/u.test(q)) return { mode: 'name-prefix', prefix: ascii.trim() };
  return { mode: 'none' };
}
