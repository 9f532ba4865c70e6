import { describe, expect, expectTypeOf, it } from 'vitest';
import { ERROR_CODES } from './errors/codes';
import {
  IPC_CONTRACT,
  PdfFileNameSchema,
  PrintRequestSchema,
  SecretSetRequestSchema,
  ipcResultSchema,
  type IpcRequest,
  type IpcResponse,
  type YizhanBridge,
} from './ipc';
import { IPC_CHANNELS, bridgePath } from './ipc-channels';
import { z } from 'zod';

describe('IPC contract', () => {
  it('has exactly one entry per channel name, and no others', () => {
    expect(Object.keys(IPC_CONTRACT).sort()).toEqual([...IPC_CHANNELS].sort());
    expect(new Set(IPC_CHANNELS).size).toBe(IPC_CHANNELS.length);
  });

  it('names every channel domain:verb in lower kebab case', () => {
    for (const channel of IPC_CHANNELS) expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
  });

  it('maps channel names to distinct bridge paths', () => {
    expect(bridgePath('print:current-view')).toEqual(['print', 'currentView']);
    expect(bridgePath('pdf:save-current-view')).toEqual(['pdf', 'saveCurrentView']);
    expect(bridgePath('app:info')).toEqual(['app', 'info']);
    const paths = IPC_CHANNELS.map((c) => bridgePath(c).join('.'));
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('gives every channel a result-union response', () => {
    for (const channel of IPC_CHANNELS) {
      const { response } = IPC_CONTRACT[channel];
      expect(response.safeParse({ ok: false, code: 'internal/unexpected' }).success).toBe(true);
      expect(response.safeParse({ ok: false, code: 'not-a-code' }).success).toBe(false);
      expect(response.safeParse({ ok: false, code: 'internal/unexpected', message: 'x' }).data).toEqual({
        ok: false,
        code: 'internal/unexpected',
      });
      expect(response.safeParse(undefined).success).toBe(false);
    }
  });

  it('accepts only codes from shared/errors', () => {
    const schema = ipcResultSchema(z.null());
    for (const code of ERROR_CODES) expect(schema.safeParse({ ok: false, code }).success).toBe(true);
  });

  it('takes no argument on the argument-less channels', () => {
    expect(IPC_CONTRACT['app:info'].request.safeParse(undefined).success).toBe(true);
    expect(IPC_CONTRACT['app:info'].request.safeParse({}).success).toBe(false);
    expect(IPC_CONTRACT['print:list-printers'].request.safeParse('x').success).toBe(false);
  });
});

describe('request schemas', () => {
  it('print: mode and page size from closed lists, no unknown keys', () => {
    expect(PrintRequestSchema.safeParse({ mode: 'dialog', pageSize: 'A4' }).success).toBe(true);
    expect(PrintRequestSchema.safeParse({ mode: 'silent', printer: 'XP-80C', pageSize: '80mm', copies: 2 }).success).toBe(true);
    expect(PrintRequestSchema.safeParse({ mode: 'silent', pageSize: 'Letter' }).success).toBe(false);
    expect(PrintRequestSchema.safeParse({ mode: 'quiet', pageSize: 'A4' }).success).toBe(false);
    expect(PrintRequestSchema.safeParse({ mode: 'dialog', pageSize: 'A4', deviceName: 'x' }).success).toBe(false);
    expect(PrintRequestSchema.safeParse({ mode: 'dialog', pageSize: 'A4', printer: '' }).success).toBe(false);
    expect(PrintRequestSchema.safeParse({ mode: 'dialog', pageSize: 'A4', printer: 'a\nb' }).success).toBe(false);
    expect(PrintRequestSchema.safeParse({ mode: 'dialog', pageSize: 'A4', copies: 0 }).success).toBe(false);
    expect(PrintRequestSchema.safeParse({ mode: 'dialog', pageSize: 'A4', copies: 1.5 }).success).toBe(false);
  });

  it('pdf: a bare file name, never a path', () => {
    for (const ok of ['受理回执-2025-000123', 'notice.pdf', '一次性告知书 2025年6月']) {
      expect(PdfFileNameSchema.safeParse(ok).success, ok).toBe(true);
    }
    for (const bad of ['', '../etc/passwd', 'a/b', 'a\\b', 'C:evil', '张*三', '..', '.', 'name.', ' lead', 'a\u0000b', 'x'.repeat(121)]) {
      expect(PdfFileNameSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('secret: only known keys, non-empty bounded values', () => {
    expect(SecretSetRequestSchema.safeParse({ key: 'district-credential', value: 'token' }).success).toBe(true);
    expect(SecretSetRequestSchema.safeParse({ key: '../../x', value: 'token' }).success).toBe(false);
    expect(SecretSetRequestSchema.safeParse({ key: 'district-credential', value: '' }).success).toBe(false);
    expect(SecretSetRequestSchema.safeParse({ key: 'district-credential', value: 'x'.repeat(16_385) }).success).toBe(false);
  });
});

describe('derived types', () => {
  it('shape window.yizhan as named functions per channel', () => {
    expectTypeOf<keyof YizhanBridge>().toEqualTypeOf<'app' | 'print' | 'pdf' | 'secret'>();
    expectTypeOf<keyof YizhanBridge['print']>().toEqualTypeOf<'currentView' | 'listPrinters'>();
    expectTypeOf<keyof YizhanBridge['secret']>().toEqualTypeOf<'set' | 'get' | 'delete'>();
    expectTypeOf<YizhanBridge['app']['info']>().toEqualTypeOf<() => Promise<IpcResponse<'app:info'>>>();
    expectTypeOf<YizhanBridge['print']['currentView']>().parameters.toEqualTypeOf<[IpcRequest<'print:current-view'>]>();
    expectTypeOf<IpcResponse<'pdf:save-current-view'>>().toEqualTypeOf<
      | { ok: true; value: { status: 'saved'; path: string } | { status: 'cancelled' } }
      | { ok: false; code: (typeof ERROR_CODES)[number] }
    >();
  });
});
