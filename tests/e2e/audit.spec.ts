import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { registerResident, setupWorkstation, signIn } from '../support/workstation';
import { addClerk, CLERK, openView, signOut } from './auth-support';
import { identifyAndPick, outcome, printCalls, stubPrint } from './intake-support';

// Written out, not computed with the app's code (see residents.spec.ts).
const VALID_ID = '11010519491231002X';
const MASKED_ID = '110105********002X';

function auditRows(page: Page) {
  return page.getByRole('table', { name: '操作记录' }).getByRole('row');
}

/** 显示完整证件号 on the resident card of 居民 (the resident must be selected there). */
async function revealId(page: Page): Promise<void> {
  const card = page.getByTestId('resident-card');
  await expect(card.getByTestId('resident-document')).toHaveText(MASKED_ID);
  await card.getByRole('button', { name: '显示完整证件号' }).click();
  await expect(card.getByTestId('resident-document')).toHaveText(VALID_ID);
}

test.beforeEach(async ({ page }) => {
  await page.clock.install({ time: new Date('2026-11-23T09:00:00+08:00') });
  await stubPrint(page);
  await setupWorkstation(page);
});

test('printing a receipt and showing a whole ID number are in the audit trail, with who, what and where', async ({ page }) => {
  await registerResident(page, { name: '张三丰', documentNumber: VALID_ID, phone: '13812345678' });
  await revealId(page);
  // It hides itself after a minute.
  await page.clock.fastForward('01:01');
  await expect(page.getByTestId('resident-document')).toHaveText(MASKED_ID);

  // A 即办件, its receipt printed.
  await openView(page, '受理');
  await identifyAndPick(page, VALID_ID, 'lnrydz');
  await page.getByRole('group', { name: /材料清单/ }).getByRole('checkbox', { name: /居民身份证/ }).check();
  await page.keyboard.press('Enter');
  const panel = outcome(page);
  const caseNumber = (await panel.getByTestId('case-number').textContent()) ?? '';
  expect(caseNumber).toMatch(/^GL0301-W02-20261123-0001$/);
  await panel.getByRole('button', { name: '打印受理回执' }).click();
  await expect.poll(() => printCalls(page)).toBe(1);

  await openView(page, '审计');
  const rows = auditRows(page);
  // Newest first; the header row, then one row per action of the day.
  await expect(rows.nth(1)).toContainText(`打印文书办件 ${caseNumber}W02受理回执`);
  await expect(rows.nth(1)).toContainText('李娜');
  await expect(rows.nth(2)).toContainText(`新建办件办件 ${caseNumber}W02收件、受理、办结`);
  await expect(rows.nth(3)).toContainText('查看完整证件号居民 张**W02');
  await expect(rows.nth(4)).toContainText('登记居民居民 张**W02');
  await expect(rows.nth(5)).toContainText('创建工作人员账号账号 李娜W02管理员');
  await expect(rows).toHaveCount(6);
  // The trail itself shows neither the ID number nor the phone.
  await expect(page.getByRole('main')).not.toContainText(VALID_ID);
  await expect(page.getByRole('main')).not.toContainText('13812345678');

  // Filters: by action.
  await page.getByLabel('操作', { exact: true }).selectOption({ label: '查看完整证件号' });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('2026-11-23 09:');
});

test('a clerk’s reveal is audited under their name; the lead filters by staff, and the clerk has no audit page', async ({ page }) => {
  await registerResident(page, { name: '张三丰', documentNumber: VALID_ID });
  await addClerk(page);
  await signOut(page);

  await signIn(page, CLERK.name, CLERK.pin);
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: /^审计/ })).toHaveCount(0);
  await openView(page, '居民');
  await page.getByRole('searchbox').fill('张三丰');
  await page.getByRole('list', { name: '查找结果' }).getByRole('listitem').first().click();
  await revealId(page);
  await signOut(page);

  await signIn(page);
  await openView(page, '审计');
  await page.getByLabel('工作人员').selectOption({ label: CLERK.name });
  const rows = auditRows(page);
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText(`${CLERK.name}查看完整证件号居民 张**`);
  await page.getByLabel('工作人员').selectOption({ label: '李娜' });
  await expect(rows.filter({ hasText: '查看完整证件号' })).toHaveCount(0);
  await expect(rows.filter({ hasText: '创建工作人员账号' })).toHaveCount(2);
});

test('printing, saving and exporting the daily log are each in the lead’s audit trail, with the day and its scope', async ({ page }) => {
  await openView(page, '值班');
  await page.getByRole('tab', { name: '工作日志' }).click();
  await expect(page.locator('[data-print-root]')).toHaveAttribute('aria-label', '工作日志 2026-11-23');
  const status = page.getByRole('form', { name: '日志条件' }).getByRole('status');

  await page.getByRole('button', { name: '打印', exact: true }).click();
  await expect(status).toHaveText('已打开打印对话框');
  expect(await printCalls(page)).toBe(1);
  // The browser's "save as PDF" goes through its print dialog too.
  await page.getByRole('button', { name: '保存 PDF' }).click();
  await expect.poll(() => printCalls(page)).toBe(2);
  await page.getByLabel('班次').selectOption({ label: '上午班 08:30–12:00' });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^工作日志-GL0301-2026-11-23.*\.csv$/);

  await openView(page, '审计');
  const rows = auditRows(page);
  await expect(rows.nth(1)).toContainText('李娜导出工作日志工作日志 2026-11-23W0208:30–12:00 · 全部窗口 · CSV');
  await expect(rows.nth(2)).toContainText('导出工作日志工作日志 2026-11-23W02全天 · 全部窗口 · PDF');
  await expect(rows.nth(3)).toContainText('打印工作日志工作日志 2026-11-23W02全天 · 全部窗口');
  await page.getByLabel('操作', { exact: true }).selectOption({ label: '打印工作日志' });
  await expect(rows).toHaveCount(2);
});
