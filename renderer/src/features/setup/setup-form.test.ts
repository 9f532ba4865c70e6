import { describe, expect, it } from 'vitest';
import { SetupFormSchema } from './setup-form';

const valid = { hallCode: 'GL0301', hallName: '光明社区党群服务中心', workstationCode: 'W02', clerkName: '李娜' };

describe('SetupFormSchema', () => {
  it('normalises codes the way clerks type them', () => {
    expect(SetupFormSchema.parse({ ...valid, hallCode: ' gl0301 ', workstationCode: '2' })).toMatchObject({
      hallCode: 'GL0301',
      workstationCode: 'W02',
    });
    expect(SetupFormSchema.parse({ ...valid, workstationCode: 'w15' }).workstationCode).toBe('W15');
  });

  it('explains each refusal in Chinese on its own field', () => {
    const result = SetupFormSchema.safeParse({ hallCode: '03', hallName: ' ', workstationCode: 'W00', clerkName: '' });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
    expect(byField).toEqual({
      hallCode: '大厅编码为 2–10 位字母或数字，以字母开头，如 GL0301',
      hallName: '请填写大厅名称',
      workstationCode: '窗口编号为 W01–W99，如 W02',
      clerkName: '请填写办事员姓名',
    });
  });
});
