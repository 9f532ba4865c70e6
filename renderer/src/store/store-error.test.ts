import { describe, expect, it } from 'vitest';
import { messageFor } from '@shared/errors/messages.zh-CN';
import { StoreError, failureOf } from './store-error';

describe('failureOf', () => {
  it("gives a store refusal's code and Chinese message, details filled in", () => {
    expect(failureOf(new StoreError('resident/duplicate-document'))).toEqual({ code: 'resident/duplicate-document', message: '该证件号码已登记，请直接查找该居民' });
    const withDetails = failureOf(new StoreError('sync/clock-skew', { aheadMs: 700_000, maxMs: 600_000 }));
    expect(withDetails).toEqual({ code: 'sync/clock-skew', message: messageFor('sync/clock-skew', { aheadMs: 700_000, maxMs: 600_000 }) });
  });

  it('treats anything else as unexpected, without echoing its text', () => {
    const failure = failureOf(new Error('IndexedDB closed: 13800001111'));
    expect(failure.code).toBe('internal/unexpected');
    expect(failure.message).toBe(messageFor('internal/unexpected', {}));
    expect(failure.message).not.toContain('13800001111');
  });
});
