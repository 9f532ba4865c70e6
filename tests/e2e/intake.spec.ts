import { setupWorkstation } from '../support/workstation';
import { expect, test } from '../support/fixtures';
import { identifyAndPick, knownResident, outcome, printCalls, RESIDENT, residentSearch, stubPrint } from './intake-support';

test.beforeEach(async ({ page }) => {
  await stubPrint(page);
  await setupWorkstation(page);
});

test('即办件: a known resident is served on the spot, the receipt printed and the service rated', async ({ page }) => {
  await knownResident(page);
  await identifyAndPick(page, RESIDENT.documentNumber, 'lnrydz');

  const materials = page.getByRole('group', { name: /材料清单/ });
  await expect(page.getByRole('heading', { name: '第三步：核对材料' })).toBeVisible();
  await expect(materials.getByRole('checkbox', { name: /居民身份证/ })).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');

  const panel = outcome(page);
  await expect(panel.getByRole('status').first()).toHaveText('已受理并办结（即办件）');
  await expect(panel.getByTestId('case-number')).toHaveText(/^GL0301-W02-\d{8}-0001$/);
  const print = panel.getByRole('button', { name: '打印受理回执' });
  await expect(print).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(() => printCalls(page)).toBe(1);

  await page.keyboard.press('2');
  await expect(panel.getByTestId('case-rating')).toHaveText('已评价：满意');
  await expect(panel.getByRole('button', { name: '下一位居民' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(residentSearch(page)).toBeFocused();
  // 5 records (the resident, 3 case events, the rating) and 5 audit rows (setup's administrator, the
  // registration, the case, the print, the rating).
  await expect(page.getByTestId('status-outbox')).toHaveText('待同步 10 条');
});
