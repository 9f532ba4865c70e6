import type { PrinterInfo, WebContentsPrintOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { listPrinters, printCurrentView, printOutcome, type PrintTarget } from './print';

function printer(name: string, extra: Partial<PrinterInfo> = {}): PrinterInfo {
  return { name, displayName: name.replace(/_/g, ' '), description: '', options: {}, ...extra };
}

function fakeTarget(printers: PrinterInfo[], result: [boolean, string] = [true, '']) {
  const jobs: WebContentsPrintOptions[] = [];
  const target: PrintTarget = {
    print: (options, callback) => {
      jobs.push(options);
      queueMicrotask(() => callback(...result));
    },
    getPrintersAsync: async () => printers,
  };
  return { target, jobs };
}

describe('printCurrentView', () => {
  it('silent receipt: the chosen printer, 80mm roll, no dialog', async () => {
    const { target, jobs } = fakeTarget([printer('XP-80C'), printer('HP_A4')]);
    await expect(printCurrentView({ mode: 'silent', printer: 'XP-80C', pageSize: '80mm' }, target)).resolves.toEqual({
      ok: true,
      value: { outcome: 'printed' },
    });
    expect(jobs).toEqual([
      expect.objectContaining({ silent: true, deviceName: 'XP-80C', pageSize: { width: 80_000, height: 297_000 }, copies: 1 }),
    ]);
  });

  it('dialog mode on A4 without a printer leaves the choice to the clerk', async () => {
    const { target, jobs } = fakeTarget([]);
    await printCurrentView({ mode: 'dialog', pageSize: 'A4', copies: 2 }, target);
    expect(jobs[0]).toMatchObject({ silent: false, pageSize: 'A4', copies: 2 });
    expect(jobs[0]).not.toHaveProperty('deviceName');
  });

  it('refuses an unknown printer instead of letting Chromium fall back to the default one', async () => {
    const { target, jobs } = fakeTarget([printer('HP_A4')]);
    await expect(printCurrentView({ mode: 'silent', printer: 'XP-80C', pageSize: '80mm' }, target)).resolves.toEqual({
      ok: false,
      code: 'print/printer-not-found',
    });
    expect(jobs).toEqual([]);
  });

  it('reports a cancelled dialog as an outcome and a failed job as print/failed', async () => {
    const cancelled = fakeTarget([], [false, 'Print job canceled']);
    await expect(printCurrentView({ mode: 'dialog', pageSize: 'A4' }, cancelled.target)).resolves.toEqual({
      ok: true,
      value: { outcome: 'cancelled' },
    });
    const failed = fakeTarget([], [false, 'Print job failed']);
    await expect(printCurrentView({ mode: 'silent', pageSize: 'A4' }, failed.target)).resolves.toEqual({
      ok: false,
      code: 'print/failed',
    });
  });
});

describe('printOutcome', () => {
  it('classifies Electron failure reasons', () => {
    expect(printOutcome(true, '')).toEqual({ ok: true, value: { outcome: 'printed' } });
    expect(printOutcome(false, 'cancelled')).toEqual({ ok: true, value: { outcome: 'cancelled' } });
    expect(printOutcome(false, 'Invalid printer settings')).toEqual({ ok: false, code: 'print/failed' });
  });
});

describe('listPrinters', () => {
  it('keeps name, display name and description, dropping names no request could carry', async () => {
    const { target } = fakeTarget([
      printer('XP-80C', { description: 'Xprinter 80mm', options: { 'printer-uri': 'usb://x' } }),
      printer('bad\nname'),
      printer('HP_A4', { displayName: '' }),
    ]);
    await expect(listPrinters(target)).resolves.toEqual({
      ok: true,
      value: [
        { name: 'XP-80C', displayName: 'XP-80C', description: 'Xprinter 80mm' },
        { name: 'HP_A4', displayName: 'HP_A4', description: '' },
      ],
    });
  });
});
