import { expect, test } from '../support/fixtures';
import { setupWorkstation, signIn } from '../support/workstation';
import { addClerk, CLERK, openView, signOut } from './auth-support';

/**
 * The sync page's enrolment and sync settings are workstation settings (`settings.change`): a lead or admin
 * changes them; a clerk sees the status and may sync now, but gets no form to change either.
 */
test('a clerk sees the sync status but no enrolment or settings controls; the administrator has both', async ({ page }) => {
  await setupWorkstation(page);
  await openView(page, '同步');
  await expect(page.getByRole('form', { name: '登记到区级服务器' })).toBeVisible();
  await expect(page.getByRole('form', { name: '同步方式' })).toBeVisible();

  await addClerk(page);
  await signOut(page);
  await signIn(page, CLERK.name, CLERK.pin);
  await openView(page, '同步');
  await expect(page.getByRole('heading', { name: '同步状态' })).toBeVisible();
  await expect(page.getByTestId('sync-now')).toHaveText('立即同步');
  await expect(page.getByTestId('sync-not-enrolled')).toHaveText('本机尚未登记到区级服务器。设置仅限值班长和管理员修改，请值班长登记。');
  await expect(page.getByTestId('sync-settings-readonly')).toContainText('当前：下班后自动同步（18:00–07:30）');
  await expect(page.getByRole('form', { name: '登记到区级服务器' })).toHaveCount(0);
  await expect(page.getByRole('form', { name: '同步方式' })).toHaveCount(0);
  for (const label of ['服务器地址', '登记码', '仅手动同步', '随时同步', '时段开始']) await expect(page.getByLabel(label)).toHaveCount(0);
  await expect(page.getByRole('button', { name: /登记|保存/ })).toHaveCount(0);
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await expect(page.getByRole('radio')).toHaveCount(0);
});
