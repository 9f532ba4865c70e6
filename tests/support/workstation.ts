import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Steps shared by e2e suites: first-run setup, registering and finding residents. They act through labels
 * and roles, as a clerk would, so a suite fails when the screen stops making sense, not when a class changes.
 */

/** `adminName` / `password`: the administrator account first-run setup creates (and signs in as). */
export type WorkstationInput = { hallCode: string; hallName: string; workstationCode: string; adminName: string; password: string };

export const DEFAULT_WORKSTATION: WorkstationInput = {
  hallCode: 'GL0301',
  hallName: '光明街道第三社区党群服务中心',
  workstationCode: 'W02',
  adminName: '李娜',
  password: 'guangming-2026',
};

export const APP_TITLE = '一站 · 社区一站式办事';

/**
 * Opens the app on a fresh profile and completes first-run setup, which creates the administrator account and
 * signs it in; resolves once the main screen shows.
 */
export async function setupWorkstation(page: Page, input: WorkstationInput = DEFAULT_WORKSTATION): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: '首次使用：设置本工作站' })).toBeVisible();
  await page.getByLabel('大厅编码').fill(input.hallCode);
  await page.getByLabel('大厅名称').fill(input.hallName);
  await page.getByLabel('窗口编号').fill(input.workstationCode);
  await page.getByLabel('管理员姓名').fill(input.adminName);
  await page.getByLabel('管理员密码').fill(input.password);
  await page.getByLabel('再次输入密码').fill(input.password);
  await page.getByRole('button', { name: '保存并开始使用' }).click();
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible({ timeout: 15_000 });
}

export function signInForm(page: Page): Locator {
  return page.getByRole('form', { name: '工作人员登录' });
}

/** Types a sign-in at the sign-in screen (as `name`), without waiting for the outcome. */
export async function submitSignIn(page: Page, name: string, secret: string): Promise<void> {
  const form = signInForm(page);
  const select = form.getByLabel('工作人员');
  const value = await select.locator('option', { hasText: `${name}（` }).getAttribute('value');
  if (value === null) throw new Error(`no account ${name} to sign in as`);
  await select.selectOption(value);
  await form.getByLabel('密码或 PIN').fill(secret);
  await form.getByRole('button', { name: '登录' }).click();
}

/**
 * Signs in at the sign-in screen, which is what a reload shows: the session lives in memory only. Defaults to the
 * administrator setupWorkstation created.
 */
export async function signIn(page: Page, name = DEFAULT_WORKSTATION.adminName, secret = DEFAULT_WORKSTATION.password): Promise<void> {
  await submitSignIn(page, name, secret);
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible({ timeout: 15_000 });
}

export type ResidentInput = {
  name: string;
  /** 居民身份证 unless given. */
  documentTypeLabel?: string;
  documentNumber: string;
  phone?: string;
  building?: string;
  unit?: string;
  room?: string;
};

export function registerForm(page: Page): Locator {
  return page.getByRole('form', { name: '登记新居民' });
}

export async function openResidents(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: /居民/ }).click();
}

/** Fills and submits the register form; does not wait for the outcome, so callers can expect success or errors. */
export async function submitResident(page: Page, resident: ResidentInput): Promise<void> {
  await openResidents(page);
  const form = registerForm(page);
  await form.getByLabel('姓名').fill(resident.name);
  if (resident.documentTypeLabel) await form.getByLabel('证件类型').selectOption({ label: resident.documentTypeLabel });
  await form.getByLabel('证件号码').fill(resident.documentNumber);
  if (resident.phone) await form.getByLabel('联系电话').fill(resident.phone);
  if (resident.building) await form.getByLabel('楼栋').fill(resident.building);
  if (resident.unit) await form.getByLabel('单元').fill(resident.unit);
  if (resident.room) await form.getByLabel('室号').fill(resident.room);
  await form.getByRole('button', { name: '登记' }).click();
}

export async function registerResident(page: Page, resident: ResidentInput): Promise<void> {
  await submitResident(page, resident);
  await expect(registerForm(page).getByRole('status')).toHaveText(`已登记居民：${resident.name}`);
}

/** Types into the resident search box and returns the result list. */
export async function searchResidents(page: Page, query: string): Promise<Locator> {
  await openResidents(page);
  await page.getByRole('searchbox').fill(query);
  const list = page.getByRole('list', { name: '查找结果' });
  // Until this query's rows are read the list still shows the previous query's (marked busy).
  await expect(list).toHaveAttribute('aria-busy', 'false');
  return list;
}

export function pendingOutbox(page: Page): Locator {
  return page.getByTestId('status-outbox');
}
