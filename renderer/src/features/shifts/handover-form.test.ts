import { describe, expect, it } from 'vitest';
import { HANDOVER_NOTE_MAX } from '../../store/shifts';
import { HandoverFormSchema } from './handover-form';

describe('HandoverFormSchema', () => {
  it('trims the note and refuses a blank or over-long one in Chinese', () => {
    expect(HandoverFormSchema.parse({ note: '  打印机缺纸 ' })).toEqual({ note: '打印机缺纸' });
    expect(HandoverFormSchema.safeParse({ note: ' \n ' }).error?.issues[0]?.message).toBe('请填写需关注事项，没有请填写“无”');
    expect(HandoverFormSchema.safeParse({ note: '长'.repeat(HANDOVER_NOTE_MAX) }).success).toBe(true);
    expect(HandoverFormSchema.safeParse({ note: '长'.repeat(HANDOVER_NOTE_MAX + 1) }).error?.issues[0]?.message).toBe(`需关注事项最多 ${HANDOVER_NOTE_MAX} 字`);
  });
});
