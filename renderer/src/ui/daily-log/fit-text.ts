/**
 * Fitting text into a fixed-width cell of the printed log without measuring the DOM: the pages are laid out in
 * advance (see daily-log-pages.ts), so a row must never grow taller than its slot. Widths are counted in units of
 * 0.2 em: a CJK character, full-width form or emoji is 5 (a 1 em glyph), anything else 3 (Latin letters, digits and
 * ASCII punctuation of Noto Sans and of the monospace fallbacks are at most 0.6 em, but for a few capitals such as
 * W and M, which the cell's CSS ellipsis catches).
 */

export function charUnits(codePoint: number): number {
  // Hangul Jamo onwards holds every wide script we print (CJK, kana, full-width forms, emoji); the few narrow
  // symbols in that range count as wide, which only truncates a little early.
  return codePoint >= 0x1100 ? 5 : 3;
}

export function textUnits(text: string): number {
  let units = 0;
  for (const ch of text) units += charUnits(ch.codePointAt(0) ?? 0);
  return units;
}

/** The ellipsis is full-width in CJK fonts. */
const ELLIPSIS = '…';
const ELLIPSIS_UNITS = 5;

/** `text` if it fits in `units`, else its longest prefix that fits with `…` added. */
export function fitText(text: string, units: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (textUnits(flat) <= units) return flat;
  let used = 0;
  let out = '';
  for (const ch of flat) {
    const w = charUnits(ch.codePointAt(0) ?? 0);
    if (used + w > units - ELLIPSIS_UNITS) break;
    out += ch;
    used += w;
  }
  return `${out}${ELLIPSIS}`;
}

/**
 * Breaks free text (handover notes) into lines of at most `units`, keeping the writer's own line breaks. The
 * only way text wraps on the printed log, so the number of lines — and the height — is known in advance.
 */
export function wrapText(text: string, units: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line = '';
    let used = 0;
    for (const ch of paragraph.replace(/\t/g, ' ')) {
      const w = charUnits(ch.codePointAt(0) ?? 0);
      if (used + w > units) {
        lines.push(line);
        line = '';
        used = 0;
      }
      line += ch;
      used += w;
    }
    lines.push(line);
  }
  return lines;
}

/** How many units fit in `widthMm` at `fontPt`, leaving `paddingMm` for the cell's padding. */
export function unitsFor(widthMm: number, fontPt: number, paddingMm: number): number {
  const unitMm = ((fontPt * 25.4) / 72) * 0.2;
  return Math.max(1, Math.floor((widthMm - paddingMm) / unitMm));
}
