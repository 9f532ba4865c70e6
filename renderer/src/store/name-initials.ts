import { pinyin } from 'pinyin-pro';

/**
 * Pinyin initials for 拼音首字母 search (张三丰 → `zsf`). Computed here, at write time, so every stored resident
 * carries it and search is one index lookup; `surname: 'head'` reads polyphonic surnames the surname way
 * (单 → s, 曾 → z). Latin-script names give the first letter of each word (John Smith → `js`).
 * Returns undefined when nothing usable remains, because the schema accepts only `[a-z]{1,64}`.
 */
export function nameInitialsOf(name: string): string | undefined {
  const trimmed = name.trim();
  let initials: string;
  if (/^[\p{Script=Latin}\s.'·-]+$/u.test(trimmed)) {
    initials = trimmed
      .split(/[\s.'·-]+/)
      .map((word) => word.charAt(0))
      .join('');
  } else {
    initials = pinyin(trimmed, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' }).join('');
  }
  const letters = initials
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .slice(0, 64);
  return letters.length > 0 ? letters : undefined;
}
