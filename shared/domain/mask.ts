/**
 * Masking for personal data shown on screen, printed on receipts or written to logs. The rules follow the
 * common public-service practice (e.g. 110101********123X): enough to recognise a record, never enough to
 * rebuild the birth date or call the resident.
 */

/**
 * Masks an identity-document number.
 * - 18 characters (居民身份证, 居住证, 永居证): first 6 (region) and last 4 (sequence + check) stay, which hides
 *   the 8-digit birth date.
 * - 15 digits (old 居民身份证): first 6 and last 3 stay, hiding the 6-digit birth date.
 * - Shorter documents (通行证, passports): first 2 and last 2 stay; 4 or fewer characters are masked entirely.
 */
export function maskIdNumber(number: string): string {
  const n = number.trim();
  if (n.length >= 18) return keepEnds(n, 6, 4);
  if (n.length >= 15) return keepEnds(n, 6, 3);
  if (n.length > 4) return keepEnds(n, 2, 2);
  return '*'.repeat(n.length);
}

/**
 * Masks a phone number, keeping separators where they were.
 * An 11-digit mobile keeps its first 3 and last 4 digits (138****5678); other numbers keep only the last 4
 * digits, since a landline's area code plus a prefix would narrow it down to a few households.
 */
export function maskPhone(phone: string): string {
  const p = phone.trim();
  const digitCount = p.replace(/\D/g, '').length;
  const mobile = /^1\d{10}$/.test(p);
  const keepHead = mobile ? 3 : 0;
  const keepTail = digitCount > 4 ? 4 : 0;
  let seen = 0;
  let out = '';
  for (const ch of p) {
    if (!/\d/.test(ch)) {
      out += ch;
      continue;
    }
    const visible = seen < keepHead || seen >= digitCount - keepTail;
    out += visible ? ch : '*';
    seen += 1;
  }
  return out;
}

/**
 * Masks a personal name for call screens and lists seen by others in the hall: first character stays
 * (张*, 欧***); names written in Latin letters keep their first letter of each word.
 */
export function maskName(name: string): string {
  const n = name.trim();
  if (/^[\p{Script=Latin}\s.'-]+$/u.test(n)) {
    return n
      .split(/\s+/)
      .map((word) => (word.length > 0 ? word[0] + '*'.repeat(Math.max(word.length - 1, 1)) : word))
      .join(' ');
  }
  const chars = [...n];
  if (chars.length <= 1) return n.length === 0 ? n : '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

function keepEnds(s: string, head: number, tail: number): string {
  return s.slice(0, head) + '*'.repeat(s.length - head - tail) + s.slice(s.length - tail);
}
