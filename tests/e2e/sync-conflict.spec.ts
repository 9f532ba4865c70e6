import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { registerResident, setupWorkstation, signIn } from '../support/workstation';
import { addClerk, CLERK, openView, signOut } from './auth-support';

/**
 * The sync page's conflict list as a lead and a clerk see it. The conflict is put where the sync worker files a
 * `conflict` answer (meta `sync.conflicts`), so the page is tested without a district server; the round trip
 * through a real server is tests/sync/conflict-resolution.spec.ts.
 */

const PHONE = '13812345678';
const OTHER_PHONE = '13911112222';

/** Files a field conflict on the phone of the only resident, as the sync worker would after a push. */
async function fileConflict(page: Page, key: string): Promise<string> {
  return page.evaluate(
    async ({ key, other, mine }) => {
      const open = indexedDB.open('yizhan');
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      const tx = db.transaction(['residents', 'meta'], 'readwrite');
      const done = new Promise<void>((ok, fail) => {
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error);
      });
      const all = await new Promise<Array<{ id: string; fieldHlc: Record<string, string> }>>((ok) => {
        const req = tx.objectStore('residents').getAll();
        req.onsuccess = () => ok(req.result);
      });
      const resident = all[0]!;
      const mineStamp = resident.fieldHlc.phone!;
      const otherStamp = `${String(Date.now() - 1000).padStart(13, '0')}-0000-0b0b0b0b-0000-4000-8000-000000000002`;
      const existing = await new Promise<{ value: unknown[] } | undefined>((ok) => {
        const req = tx.objectStore('meta').get('sync.conflicts');
        req.onsuccess = () => ok(req.result);
      });
      const conflict = {
        key,
        kind: 'field-conflict',
        residentId: resident.id,
        seq: 1,
        fields: [{ field: 'phone', server: { value: other, hlc: otherStamp, deviceId: null }, incoming: { value: mine, hlc: mineStamp }, kept: 'incoming' }],
        at: new Date().toISOString(),
      };
      tx.objectStore('meta').put({ key: 'sync.conflicts', value: [...(existing?.value ?? []), conflict] });
      await done;
      db.close();
      return resident.id;
    },
    { key, other: OTHER_PHONE, mine: PHONE },
  );
}

test('a lead (here the administrator) settles a field conflict on the sync page, seeing masked numbers; a clerk may not', async ({ page }) => {
  await setupWorkstation(page);
  await registerResident(page, { name: '赵敏', documentNumber: '11010519491231002X', phone: PHONE });
  await fileConflict(page, 'push:1');

  await openView(page, '同步');
  const list = page.getByTestId('sync-conflict-list');
  await expect(page.getByTestId('sync-conflict-count')).toHaveText('1');
  await expect(list.getByTestId('conflict-phone-server')).toHaveText('139****2222');
  await expect(list.getByTestId('conflict-phone-incoming')).toHaveText('138****5678');
  await expect(list.getByTestId('conflict-phone-current')).toHaveText('138****5678');
  await expect(page.locator('body')).not.toContainText(PHONE);
  await expect(page.locator('body')).not.toContainText(OTHER_PHONE);
  // Its own read: '…' until it answers.
  await expect(page.getByTestId('sync-pending-count')).toHaveText(/^\d+$/);
  const pendingBefore = Number(await page.getByTestId('sync-pending-count').textContent());

  await list.getByRole('group', { name: '联系电话' }).getByLabel(/其他窗口的修改/).check();
  await list.getByRole('button', { name: '采用所选' }).click();
  await expect(page.getByTestId('sync-conflict-count')).toHaveText('0');
  // The patch and its audit row wait for the next sync.
  await expect(page.getByTestId('sync-pending-count')).toHaveText(String(pendingBefore + 2));
  await expect(page.getByTestId('sync-pending-list')).toContainText('修改居民');
  await expect(page.locator('body')).not.toContainText(OTHER_PHONE);

  // A clerk sees a conflict but gets no choice.
  await fileConflict(page, 'push:2');
  await addClerk(page);
  await signOut(page);
  await signIn(page, CLERK.name, CLERK.pin);
  await openView(page, '同步');
  await expect(page.getByTestId('sync-conflict-count')).toHaveText('1');
  await expect(page.getByTestId('sync-conflict-list')).toContainText('同步冲突仅限值班长和管理员处理');
  await expect(page.getByTestId('sync-conflict-resolver')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '采用所选' })).toHaveCount(0);
});
