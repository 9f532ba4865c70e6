import { describe, expect, it } from 'vitest';
import { pinyin } from 'pinyin-pro';
import catalogue from '../resources/catalogue/catalogue.json';

/**
 * The catalogue's pinyin initials are precomputed (shared/ cannot import pinyin-pro). This re-derives them so
 * a hand edit of a name without rerunning scripts/gen-catalogue-initials.mjs fails here.
 */
function initials(name: string): string {
  const bare = name.replace(/（[^）]*）|\([^)]*\)/g, '');
  return pinyin(bare, { pattern: 'first', toneType: 'none', type: 'array' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

describe('catalogue initials', () => {
  const entries = [...catalogue.matters, ...catalogue.notAllowed];

  it('match the pinyin of every name and alias', () => {
    const stale = entries.flatMap((e) => [
      ...(e.initials === initials(e.name) ? [] : [`${e.code} ${e.name}: ${e.initials} ≠ ${initials(e.name)}`]),
      ...e.aliases.filter((a) => a.initials !== initials(a.name)).map((a) => `${e.code} ${a.name}: ${a.initials}`),
    ]);
    expect(stale).toEqual([]);
  });

  it('read polyphonic characters in context (低保 → db, 重度 → zd)', () => {
    expect(initials('低保申请')).toBe('dbsq');
    expect(initials('重度残疾人护理补贴')).toBe('zdcjrhlbt');
  });
});
