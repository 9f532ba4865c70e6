import { expect, test } from '../support/fixtures';
import {
  pendingOutbox,
  registerForm,
  registerResident,
  searchResidents,
  setupWorkstation,
  signIn,
  submitResident,
} from '../support/workstation';

// Written out rather than computed: a test that derived them with the app's own code would agree with its bugs.
const VALID_ID = '11010519491231002X';
const MASKED_ID = '110105********002X';
const PHONE = '13812345678';
const MASKED_PHONE = '138****5678';
// Same number with the check character changed: fails the GB 11643 checksum.
const BAD_CHECKSUM_ID = '110105194912310021';

test.beforeEach(async ({ page }) => {
  await setupWorkstation(page);
});

test('a registered resident appears masked, is counted for sync, and survives a reload', async ({ page }) => {
  await registerResident(page, { name: '张三丰', documentNumber: VALID_ID, phone: PHONE, building: '3号楼', unit: '2单元', room: '502' });

  const card = page.getByTestId('resident-card');
  await expect(card).toContainText('张三丰');
  // The 17th digit (2) is even: the ID encodes a woman.
  await expect(card).toContainText('（女）');
  await expect(card).toContainText(MASKED_ID);
  await expect(card).toContainText(MASKED_PHONE);
  await expect(card).toContainText('3号楼2单元502室');
  // The resident and its audit row (登记居民), after the administrator's creation at setup.
  await expect(pendingOutbox(page)).toHaveText('待同步 3 条');
  // The form is cleared, so the whole number is nowhere on screen.
  await expect(page.locator('body')).not.toContainText(VALID_ID);
  await expect(registerForm(page).getByLabel('证件号码')).toHaveValue('');

  const byName = await searchResidents(page, '张三');
  await expect(byName.getByRole('listitem')).toHaveCount(1);
  await expect(byName).toContainText(MASKED_ID);
  await expect(byName).toContainText(MASKED_PHONE);
  await expect(byName).not.toContainText(VALID_ID);
  await expect(byName).not.toContainText(PHONE);

  await page.reload();
  await signIn(page);
  await expect(pendingOutbox(page)).toHaveText('待同步 3 条');
  for (const query of ['5678', 'zsf', VALID_ID, PHONE]) {
    const list = await searchResidents(page, query);
    await expect(list.getByRole('listitem'), `search ${query}`).toHaveCount(1);
    await expect(list).toContainText('张三丰');
  }
});

test('an invalid ID number is explained in Chinese next to the field and nothing is saved', async ({ page }) => {
  await submitResident(page, { name: '李四', documentNumber: BAD_CHECKSUM_ID });

  const number = registerForm(page).getByLabel('证件号码');
  await expect(number).toHaveAttribute('aria-invalid', 'true');
  await expect(number).toHaveAccessibleDescription(/^第18位校验位应为 X，实际为 1/);
  await expect(registerForm(page).getByRole('status')).toHaveCount(0);
  // Only the administrator's creation at setup: the refused resident wrote nothing.
  await expect(pendingOutbox(page)).toHaveText('待同步 1 条');

  await page.reload();
  await signIn(page);
  const list = await searchResidents(page, '李四');
  await expect(page.getByText('没有找到居民')).toBeVisible();
  await expect(list.getByRole('listitem')).toHaveCount(0);
  await expect(pendingOutbox(page)).toHaveText('待同步 1 条');
});

test('a document already registered is caught before saving', async ({ page }) => {
  await registerResident(page, { name: '张三丰', documentNumber: VALID_ID });
  await submitResident(page, { name: '张三', documentNumber: VALID_ID.toLowerCase() });

  const number = registerForm(page).getByLabel('证件号码');
  await expect(number).toHaveAccessibleDescription(/该证件号码已登记（居民：张三丰）/);
  // Setup's audit row, the first resident and its audit row; nothing for the refused second one.
  await expect(pendingOutbox(page)).toHaveText('待同步 3 条');
  const list = await searchResidents(page, '张');
  await expect(list.getByRole('listitem')).toHaveCount(1);
});
