import { expect, type Page } from '@playwright/test';

/**
 * Steps of the staff suites (auth, audit): accounts made by the administrator on 设置, signing out, the lock
 * screen. Staff normally come from the district server; a local account is the same row without the sync.
 */

export const CLERK = { name: '王芳', pin: '482915', role: '窗口人员' } as const;

export function mainNav(page: Page) {
  return page.getByRole('navigation', { name: '主导航' });
}

export async function openView(page: Page, label: string): Promise<void> {
  await mainNav(page).getByRole('button', { name: new RegExp(`^${label}`) }).click();
}

/** As the administrator: adds a local clerk account with a PIN on 设置. */
export async function addClerk(page: Page, clerk: { name: string; pin: string } = CLERK): Promise<void> {
  await openView(page, '设置');
  const form = page.getByRole('form', { name: '添加本机账号' });
  await form.getByLabel('姓名').fill(clerk.name);
  await form.getByLabel('角色').selectOption({ label: '窗口人员' });
  await form.getByLabel('登录方式').selectOption({ label: '6 位 PIN' });
  await form.getByLabel('PIN').fill(clerk.pin);
  await form.getByRole('button', { name: '添加账号' }).click();
  await expect(form.getByRole('status')).toHaveText(`已添加：${clerk.name}（窗口人员）`, { timeout: 15_000 });
}

/** 退出登录 from the header; the page reloads onto the sign-in screen. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('heading', { name: '工作人员登录' })).toBeVisible();
}

export function lockScreen(page: Page) {
  return page.getByRole('dialog', { name: '屏幕已锁定' });
}
