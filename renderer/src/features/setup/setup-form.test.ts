import { describe, expect, it } from 'vitest';
import { AdminAccountSchema, SetupFormSchema } from './setup-form';

const admin = { adminName: '王主任', password: 'guangming-2026', passwordConfirm: 'guangming-2026' };
const valid = { hallCode: 'GL0301', hallName: '光明社区党群服务中心', workstationCode: 'W02', ...admin };

function byField(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
}

describe('SetupFormSchema', () => {
  it('normalises codes the way clerks type them', () => {
    expect(SetupFormSchema.parse({ ...valid, hallCode: ' gl0301 ', workstationCode: '2' })).toMatchObject({
      hallCode: 'GL0301',
      workstationCode: 'W02',
      adminName: '王主任',
    });
    expect(SetupFormSchema.parse({ ...valid, workstationCode: 'w15' }).workstationCode).toBe('W15');
  });

  it('explains each refusal in Chinese on its own field', () => {
    const result = SetupFormSchema.safeParse({ hallCode: '03', hallName: ' ', workstationCode: 'W00', adminName: '', password: 'short', passwordConfirm: 'short' });
    expect(result.success).toBe(false);
    expect(byField(result)).toEqual({
      hallCode: '大厅编码为 2–10 位字母或数字，以字母开头，如 GL0301',
      hallName: '请填写大厅名称',
      workstationCode: '窗口编号为 W01–W99，如 W02',
      adminName: '请填写管理员姓名',
      password: '密码须为 8–128 个字符',
    });
  });
});

describe('AdminAccountSchema', () => {
  it('wants the password twice, the same', () => {
    expect(AdminAccountSchema.safeParse(admin).success).toBe(true);
    expect(byField(AdminAccountSchema.safeParse({ ...admin, passwordConfirm: 'guangming-2025' }))).toEqual({ passwordConfirm: '两次输入的密码不一致' });
  });
});
