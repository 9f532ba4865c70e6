import { expect, type Page } from '@playwright/test';
import { checkCharacter } from '../../shared/domain/id-document';
import { registerResident, type ResidentInput } from '../support/workstation';

/**
 * Steps of the 受理 screens for the intake and case e2e suites. They act through labels, roles and keys, as a
 * clerk at the counter would.
 */

/** A valid 18-digit resident ID from its first 17 digits. */
export function idNumber(first17: string): string {
  return first17 + checkCharacter(first17);
}

export const RESIDENT: ResidentInput = {
  name: '王秀英',
  documentNumber: idNumber('11010519500307002'),
  phone: '13912345678',
  building: '3号楼',
  unit: '2单元',
  room: '502',
};

export function residentSearch(page: Page) {
  return page.getByRole('combobox', { name: /^居民查找/ });
}

export function matterSearch(page: Page) {
  return page.getByRole('combobox', { name: /^事项查找/ });
}

export function nav(page: Page, label: '受理' | '办件' | '居民') {
  return page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: new RegExp(`^${label}`) });
}

/** Shows 受理 (the screen the app starts on); the resident search has the focus either way. */
export async function openIntake(page: Page): Promise<void> {
  const button = nav(page, '受理');
  if ((await button.getAttribute('aria-current')) !== 'page') await button.click();
  await expect(residentSearch(page)).toBeFocused();
}

/** Registers through the 居民 screen (the residents feature), then comes back to 受理. */
export async function knownResident(page: Page, resident: ResidentInput = RESIDENT): Promise<void> {
  await registerResident(page, resident);
  await openIntake(page);
}

/** Identify by ID number and pick a matter by what the clerk types; lands on the materials check. */
export async function identifyAndPick(page: Page, residentQuery: string, matterQuery: string): Promise<void> {
  await residentSearch(page).fill(residentQuery);
  await residentSearch(page).press('Enter');
  await expect(matterSearch(page)).toBeFocused();
  await matterSearch(page).fill(matterQuery);
  await matterSearch(page).press('Enter');
}

export function outcome(page: Page) {
  return page.getByRole('region', { name: '第四步：打印与评价' });
}

/** Counts `window.print()` calls instead of opening a dialog (headless Chromium has none to show). */
export async function stubPrint(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __printCalls: number; print: () => void };
    w.__printCalls = 0;
    w.print = () => {
      w.__printCalls += 1;
    };
  });
}

export async function printCalls(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __printCalls: number }).__printCalls);
}
