import type { Page } from '@playwright/test';
import { setupWorkstation } from '../support/workstation';
import { expect, test } from '../support/fixtures';
import { identifyAndPick, knownResident, nav, outcome, RESIDENT } from './intake-support';

/** Accepts a matter whose only required material is the ID card, from the intake screen. */
async function acceptIdCardOnly(page: Page, matterQuery: string): Promise<string> {
  await identifyAndPick(page, RESIDENT.documentNumber, matterQuery);
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');
  const number = (await outcome(page).getByTestId('case-number').textContent()) ?? '';
  await outcome(page).getByRole('button', { name: '下一位居民' }).click();
  return number;
}

function queueTable(page: Page, name: string) {
  return page.getByRole('table', { name });
}

test.beforeEach(async ({ page }) => {
  // Tuesday 2026-09-29, just before 国庆.
  await page.clock.install({ time: new Date('2026-09-29T10:00:00+08:00') });
  await setupWorkstation(page);
  await knownResident(page);
});

test('overdue and due-within-one-working-day cases say so in words, under a controlled clock', async ({ page }) => {
  const number = await acceptIdCardOnly(page, 'jtysqy'); // 5 working days → 2026-10-12

  await nav(page, '办件').click();
  const today = queueTable(page, '今日办件');
  await expect(today.getByRole('row', { name: new RegExp(number) })).toContainText('2026-10-12');
  await expect(today.getByRole('row', { name: new RegExp(number) })).not.toContainText(/超期|临期/);

  // Saturday 10/10 is a make-up working day; the next working day is Monday 10/12, the deadline.
  await page.clock.setSystemTime(new Date('2026-10-10T09:00:00+08:00'));
  await nav(page, '受理').click();
  await nav(page, '办件').click();
  await page.getByRole('button', { name: /^超期\/临期/ }).click();
  const row = queueTable(page, '超期/临期').getByRole('row', { name: new RegExp(number) });
  await expect(row).toContainText('临期（1个工作日内到期）');

  await page.clock.setSystemTime(new Date('2026-10-13T09:00:00+08:00'));
  await nav(page, '受理').click();
  await nav(page, '办件').click();
  await expect(row).toContainText('超期');
  await expect(row).not.toContainText('临期');
  await row.getByRole('button', { name: number }).click();
  await expect(page.getByTestId('case-status')).toContainText('超期');
});

test('forward to a department, record its return, complete; the queue lists it while it is away', async ({ page }) => {
  const number = await acceptIdCardOnly(page, 'jtysqy');
  await nav(page, '办件').click();
  await queueTable(page, '今日办件').getByRole('button', { name: number }).click();

  const actions = page.getByRole('group', { name: '可办理操作' });
  await expect(actions.getByRole('button')).toHaveText(['办结', '转办', '撤销']);
  await actions.getByRole('button', { name: '转办' }).click();
  await expect(page.getByLabel('转办部门')).toHaveValue('社区卫生服务中心');
  await page.getByLabel('转办说明（选填）').fill('请安排家庭医生团队签约');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('case-status')).toHaveText('已转办');
  await expect(actions.getByRole('button')).toHaveText(['登记退回/办理结果', '撤销']);

  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^已转办未退回（1）/ }).click();
  await queueTable(page, '已转办未退回').getByRole('button', { name: number }).click();
  await actions.getByRole('button', { name: '登记退回/办理结果' }).click();
  await page.getByRole('radio', { name: '办理结果' }).check();
  await page.getByLabel('反馈说明（选填）').fill('已签约张医生团队');
  await page.getByRole('button', { name: '确认登记' }).click();
  await expect(page.getByTestId('case-status')).toHaveText('已受理');

  await actions.getByRole('button', { name: '办结' }).click();
  await page.getByRole('button', { name: '确认办结' }).click();
  await expect(page.getByTestId('case-status')).toHaveText('已办结');
  // Now the resident can rate it from the case page.
  await page.getByRole('group', { name: '评价等级' }).getByRole('button', { name: '非常满意' }).click();
  await expect(page.getByTestId('case-rating')).toHaveText('非常满意');
  await expect(page.getByRole('list', { name: '办理记录' }).getByRole('listitem')).toHaveText([
    /收件登记/,
    /受理/,
    /转办.*社区卫生服务中心/,
    /部门退回\/办理结果.*办理结果；已签约张医生团队/,
    /办结/,
    /评价.*非常满意/,
  ]);
  await page.getByRole('button', { name: '返回办件列表' }).click();
  await page.getByRole('button', { name: /^已转办未退回/ }).click();
  await expect(page.getByText('没有符合条件的办件。')).toBeVisible();
});

test('cancel needs a reason; a cancelled case offers nothing more', async ({ page }) => {
  const number = await acceptIdCardOnly(page, 'jtysqy');
  await nav(page, '办件').click();
  await queueTable(page, '今日办件').getByRole('button', { name: number }).click();
  await page.getByRole('group', { name: '可办理操作' }).getByRole('button', { name: '撤销' }).click();
  await page.getByRole('button', { name: '确认撤销' }).click();
  await expect(page.getByText('请填写撤销原因')).toBeVisible();
  await page.getByLabel('撤销原因').fill('申请人主动撤回申请');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('case-status')).toHaveText('已撤销');
  await expect(page.getByRole('group', { name: '可办理操作' }).getByRole('button')).toHaveCount(0);
  await expect(page.getByRole('list', { name: '办理记录' })).toContainText('原因：申请人主动撤回申请');
});
