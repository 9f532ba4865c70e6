import { setupWorkstation } from '../support/workstation';
import { expect, test } from '../support/fixtures';
import { identifyAndPick, knownResident, outcome, RESIDENT, stubPrint } from './intake-support';

// 2026-09-29 is a Tuesday. Five working days: 9/30, then 国庆 10/1–10/7 off, 10/8, 10/9, the make-up Saturday
// 10/10, and Monday 10/12 — as the bundled 2026 holiday file says.
test('承诺件: the deadline counts working days across 国庆 and its make-up Saturday', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-09-29T10:00:00+08:00') });
  await stubPrint(page);
  await setupWorkstation(page);
  await knownResident(page);
  // 家庭医生签约登记转办: 承诺件, 5 working days.
  await identifyAndPick(page, RESIDENT.documentNumber, 'jtysqy');

  await expect(page.getByTestId('intake-deadline')).toHaveText('承诺办结日期：2026-10-12（5 个工作日，已扣除节假日）');
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');

  const panel = outcome(page);
  await expect(panel.getByRole('status').first()).toHaveText('已受理，承诺办结日期：2026年10月12日');
  // The receipt says the same date.
  await expect(panel.getByRole('article', { name: '受理回执' })).toContainText('2026年10月12日');
  // Not finished yet, so no rating now.
  await expect(panel.getByRole('group', { name: '评价等级' })).toHaveCount(0);
});

test('承诺件 in a year without a published holiday arrangement: no guessed deadline, no acceptance', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-12-28T10:00:00+08:00') });
  await setupWorkstation(page);
  await knownResident(page);
  await identifyAndPick(page, RESIDENT.documentNumber, 'jtysqy');

  await expect(page.getByTestId('intake-deadline')).toHaveText('节假日安排未公布，无法计算办结期限');
  await page.getByRole('checkbox', { name: /居民身份证/ }).check();
  await expect(page.getByRole('main').getByRole('button', { name: '受理', exact: true })).toBeDisabled();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: '第三步：核对材料' })).toBeVisible();
  await expect(outcome(page)).toHaveCount(0);
});
