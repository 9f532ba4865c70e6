import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { DEFAULT_WORKSTATION, setupWorkstation, signIn } from '../support/workstation';
import { addClerk, CLERK, openView, signOut } from './auth-support';

function myShift(page: Page) {
  return page.getByTestId('my-shift-status');
}

async function startAndHandOver(page: Page, name: string, note: string): Promise<void> {
  await openView(page, '交接班');
  await expect(myShift(page)).toHaveText(`${name}：未在班`);
  await page.getByRole('button', { name: '开始上班' }).click();
  await expect(myShift(page)).toContainText(`${name}：上班中`);
  await expect(page.getByRole('table', { name: '今日班次' })).toContainText('上班中');

  const form = page.getByRole('form', { name: '交接班记录' });
  await expect(form.getByTestId('handover-open-cases')).toHaveText('本窗口今日未办结办件：0 件');
  // A handover with nothing said is refused next to the field, and the shift keeps running.
  await form.getByRole('button', { name: '结束上班并交班' }).click();
  await expect(form.getByLabel('需关注事项')).toHaveAccessibleDescription('请填写需关注事项，没有请填写“无”');
  await expect(myShift(page)).toContainText('上班中');

  await form.getByLabel('需关注事项').fill(note);
  await form.getByRole('button', { name: '结束上班并交班' }).click();
  await expect(myShift(page)).toHaveText(`${name}：未在班`);
  await expect(page.getByRole('status')).toContainText('已结束上班并交班');
}

test('a shift starts and ends with a handover note, which the lead acknowledges; it all survives a reload', async ({ page }) => {
  // A morning in the hall: "today's" shifts must not change day halfway through the test (Beijing midnight).
  await page.clock.install({ time: new Date('2026-11-23T09:00:00+08:00') });
  await setupWorkstation(page);
  const admin = DEFAULT_WORKSTATION.adminName;
  await startAndHandOver(page, admin, '3号窗口打印机缺纸，已报修');

  const pending = page.getByRole('list', { name: '待接班确认' });
  await expect(pending).toContainText(`${admin}`);
  await expect(pending).toContainText('需关注事项：3号窗口打印机缺纸，已报修');
  await expect(pending).toContainText('未办结办件 0 件');
  await pending.getByRole('button', { name: /^确认接班/ }).click();
  await expect(page.getByText('没有待确认的交接班记录。')).toBeVisible();
  const done = page.getByRole('list', { name: '今日已接班' });
  await expect(done).toContainText('需关注事项：3号窗口打印机缺纸，已报修');
  await expect(done).toContainText(new RegExp(`已由 ${admin} 于 \\d\\d:\\d\\d 确认接班`));

  // Each step is on the audit trail.
  await openView(page, '审计');
  const audit = page.getByRole('table', { name: '操作记录' });
  for (const label of ['开始上班', '结束上班并交班', '确认接班']) await expect(audit).toContainText(label);

  await page.reload();
  await signIn(page);
  await openView(page, '交接班');
  await expect(myShift(page)).toHaveText(`${admin}：未在班`);
  const shifts = page.getByRole('table', { name: '今日班次' });
  await expect(shifts.getByRole('row')).toHaveCount(2);
  await expect(shifts).toContainText(admin);
  await expect(shifts).not.toContainText('上班中');
  await expect(page.getByRole('list', { name: '今日已接班' })).toContainText(new RegExp(`已由 ${admin} 于 \\d\\d:\\d\\d 确认接班`));
});

test('a clerk hands over but cannot acknowledge; the lead can', async ({ page }) => {
  // A morning in the hall: "today's" shifts must not change day halfway through the test (Beijing midnight).
  await page.clock.install({ time: new Date('2026-11-23T09:00:00+08:00') });
  await setupWorkstation(page);
  await addClerk(page);
  await signOut(page);
  await signIn(page, CLERK.name, CLERK.pin);
  await startAndHandOver(page, CLERK.name, '无');

  const pending = page.getByRole('list', { name: '待接班确认' });
  await expect(pending).toContainText(CLERK.name);
  await expect(pending).toContainText('等待值班长确认接班');
  await expect(pending.getByRole('button', { name: /确认接班/ })).toHaveCount(0);

  await signOut(page);
  await signIn(page);
  await openView(page, '交接班');
  await page.getByRole('list', { name: '待接班确认' }).getByRole('button', { name: new RegExp(`^确认接班：${CLERK.name}`) }).click();
  await expect(page.getByRole('list', { name: '今日已接班' })).toContainText(CLERK.name);
});

test('a clerk’s handover note, acknowledged by the lead, is printed in that day’s daily log', async ({ page }, testInfo) => {
  // 17:30 on a Monday: the day's log is the hall's today.
  await page.clock.setFixedTime(new Date('2026-11-23T17:30:00+08:00'));
  await setupWorkstation(page);
  await addClerk(page);
  await signOut(page);
  await signIn(page, CLERK.name, CLERK.pin);
  const note = '居民赵某补正材料周三送来，请接班同事留意';
  await startAndHandOver(page, CLERK.name, note);

  await signOut(page);
  await signIn(page);
  await openView(page, '交接班');
  await page.getByRole('list', { name: '待接班确认' }).getByRole('button', { name: new RegExp(`^确认接班：${CLERK.name}`) }).click();
  await expect(page.getByRole('list', { name: '今日已接班' })).toContainText(`已由 ${DEFAULT_WORKSTATION.adminName} 于 17:30 确认接班`);

  await openView(page, '值班');
  await page.getByRole('tab', { name: '工作日志' }).click();
  await expect(page.locator('[data-print-root]')).toHaveAttribute('aria-label', '工作日志 2026-11-23');
  await expect(page.getByText('已收录本日交接班记录 1 条')).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  const pdf = testInfo.outputPath('daily-log-handover.pdf');
  await page.pdf({ path: pdf, printBackground: true, preferCSSPageSize: true });
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  expect(text).toContain('交接班记录');
  expect(text).toContain(`17:30${CLERK.name}交班：未办结0件；${note}（${DEFAULT_WORKSTATION.adminName}17:30确认接班）`);
});
