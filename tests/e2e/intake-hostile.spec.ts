import { setupWorkstation } from '../support/workstation';
import { expect, test } from '../support/fixtures';
import { idNumber, matterSearch, nav, openIntake, outcome, residentSearch } from './intake-support';

const MARKUP_NAME = '<img src=x onerror=alert(1)>𠮷😀';
// A 200-character resident name (UTF-16 units, as the model counts) that starts with the markup.
const LONG_NAME = (MARKUP_NAME + '长'.repeat(200)).slice(0, 200);
const SCRIPT_NOTE = '<script>alert("note")</script> 吉𠮷 👍 &amp; "quotes"';
// 200 characters with markup, a rare character and emoji in it; no spaces to break at.
const LONG_AGENT = ('欧阳<b>𠮷</b>😀' + 'x'.repeat(30)).repeat(6).slice(0, 200);

test('markup, rare characters, emoji and 200-character text are stored and shown as typed, never executed', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // A morning in the hall: the case must still be in 今日办件 at the end (no Beijing midnight in between).
  await page.clock.install({ time: new Date('2026-11-23T09:00:00+08:00') });
  await setupWorkstation(page);
  await openIntake(page);

  // Register a resident whose name is markup, from the intake screen.
  const number = idNumber('32010619880808123');
  await residentSearch(page).fill(number);
  await residentSearch(page).press('Enter');
  const form = page.getByRole('form', { name: '登记新居民' });
  // One character past the model's limit is refused with the reason beside the field; 200 go through whole.
  await form.getByLabel('姓名').fill('长'.repeat(201));
  await form.getByRole('button', { name: '登记并继续' }).click();
  await expect(form.getByText('姓名不能超过 200 个字')).toBeVisible();
  await form.getByLabel('姓名').fill(LONG_NAME);
  await form.getByRole('button', { name: '登记并继续' }).click();
  await expect(page.locator('.intake-summary__name')).toHaveText(LONG_NAME);

  // The 代办人's name has no length limit in the case model: 200 characters go through whole.
  await page.getByRole('button', { name: '添加代办人' }).click();
  const agent = page.getByRole('form', { name: '代办人信息' });
  await agent.getByLabel('代办人姓名').fill(LONG_AGENT);
  await agent.getByLabel('代办人证件号码').fill(idNumber('32010619600101001'));
  await agent.getByLabel('与申请人关系').fill('受托人<i>');
  await agent.getByRole('button', { name: '保存代办人' }).click();
  await expect(page.locator('.intake-summary__agent')).toHaveText(LONG_AGENT);

  // A referral with a note made of markup.
  await matterSearch(page).fill('xlzx');
  await matterSearch(page).press('Enter');
  await page.getByLabel('备注').fill(SCRIPT_NOTE);
  await page.getByRole('button', { name: '登记引导' }).click();
  const slip = outcome(page).getByRole('article', { name: '首问负责登记转介单' });
  await expect(slip).toContainText(MARKUP_NAME);
  await expect(slip).toContainText(SCRIPT_NOTE);

  await outcome(page).getByRole('button', { name: '查看办件详情' }).click();
  await expect(page.getByTestId('case-resident-name')).toHaveText(LONG_NAME);
  await expect(page.getByTestId('case-agent')).toContainText(`${LONG_AGENT}（受托人<i>，`);
  await expect(page.getByRole('list', { name: '办理记录' })).toContainText(SCRIPT_NOTE);

  // Read back from IndexedDB: exactly what was typed.
  const stored = await page.evaluate(async () => {
    const open = indexedDB.open('yizhan');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const read = <T,>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result as T[]);
        req.onerror = () => reject(req.error);
      });
    const residents = await read<{ name: string }>('residents');
    const cases = await read<{ agent?: { name: string }; referral?: { note?: string } }>('cases');
    db.close();
    return { names: residents.map((r) => r.name), agent: cases[0]?.agent?.name, note: cases[0]?.referral?.note };
  });
  expect(stored).toEqual({ names: [LONG_NAME], agent: LONG_AGENT, note: SCRIPT_NOTE });

  // The work queue masks the name but still shows text, not markup.
  await nav(page, '办件').click();
  await page.getByRole('button', { name: '返回办件列表' }).click();
  await expect(page.getByRole('table', { name: '今日办件' })).toContainText('<*');

  expect(dialogs).toEqual([]);
  await expect(page.locator('img[src="x"], script:not([src]):not([type])')).toHaveCount(0);
  await expect(page.locator('b, i').filter({ hasText: '𠮷' })).toHaveCount(0);
});
