import { describe, expect, it } from 'vitest';
import { bundledCalendar } from '@shared/domain/calendar/bundled-calendar';
import type { Matter } from '@shared/domain/catalogue/matter';
import {
  availableChoices,
  CALENDAR_UNKNOWN_MESSAGE,
  checkMaterials,
  noticeItems,
  promisedDeadline,
} from './intake-decision';

const matter: Pick<Matter, 'materials' | 'handling' | 'timeLimitDays'> = {
  handling: 'promised',
  timeLimitDays: 5,
  materials: [
    { id: 'id-card', name: '居民身份证', requirement: 'mandatory' },
    { id: 'hukou', name: '户口簿', requirement: 'mandatory' },
    { id: 'income', name: '收入证明', requirement: 'deferrable' },
    { id: 'medical', name: '病历', requirement: 'optional' },
  ],
};

describe('checkMaterials / availableChoices', () => {
  it('offers acceptance only when every mandatory and deferrable item is here; optional ones never block', () => {
    const check = checkMaterials(matter, new Set(['id-card', 'hukou', 'income']));
    expect(check.missingOptional.map((m) => m.id)).toEqual(['medical']);
    expect(availableChoices(check)).toEqual(['accept', 'refuse']);
  });

  it('offers 容缺 (and the notice) when only deferrable items are missing', () => {
    const check = checkMaterials(matter, new Set(['id-card', 'hukou']));
    expect(availableChoices(check)).toEqual(['deferral', 'notice', 'refuse']);
  });

  it('forces a one-time notice listing every missing item when a mandatory one is missing', () => {
    const check = checkMaterials(matter, new Set(['id-card']));
    expect(availableChoices(check)).toEqual(['notice', 'refuse']);
    expect(noticeItems(check).map((m) => m.id)).toEqual(['hukou', 'income']);
  });
});

describe('promisedDeadline (bundled calendar)', () => {
  const calendar = bundledCalendar();

  it('skips 国庆 and counts the make-up Saturday: 2026-09-29 + 5 working days is 2026-10-12', () => {
    expect(promisedDeadline(calendar, '2026-09-29', matter)).toEqual({ kind: 'date', date: '2026-10-12' });
  });

  it('has no deadline for a 即办件', () => {
    expect(promisedDeadline(calendar, '2026-09-29', { handling: 'immediate', timeLimitDays: 0 })).toEqual({ kind: 'none' });
  });

  it('refuses to guess across an unannounced year', () => {
    expect(promisedDeadline(calendar, '2026-12-28', matter)).toEqual({ kind: 'unknown', message: CALENDAR_UNKNOWN_MESSAGE, year: 2027 });
  });
});
