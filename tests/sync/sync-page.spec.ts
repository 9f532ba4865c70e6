import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures';
import { registerResident } from '../support/workstation';
import { FaultProxy } from './fault-proxy';
import { DistrictServer, REPO_ROOT } from './support/district-server';

/**
 * The sync page of the real app (the built renderer, as Electron loads it), served from the same origin as a
 * real district server: enrol with a one-time code, see what waits, 立即同步, and the error a clerk sees when
 * the server is down. The status line's count follows the worker's acknowledgements.
 */

const RENDERER = join(REPO_ROOT, 'dist/renderer');

test.describe.configure({ mode: 'serial' });

let dataDir: string;
let server: DistrictServer;
let proxy: FaultProxy;
let origin: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = mkdtempSync(join(tmpdir(), 'yizhan-sync-page-'));
  server = await DistrictServer.start({ YIZHAN_DATA_DIR: dataDir });
  proxy = new FaultProxy({ upstreamPort: () => server.port, staticDir: RENDERER });
  origin = `http://127.0.0.1:${await proxy.start()}`;
});

test.afterAll(async () => {
  await proxy?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('enrol on the sync page, sync by hand, and see the count drop; a down server is explained', async ({ page, consoleErrors }) => {
  test.skip(!existsSync(join(RENDERER, 'index.html')), 'needs the built renderer: npm run build:web');
  test.setTimeout(120_000);
  const [code] = await server.enrollCodes('GL0301', 1);

  await page.goto(`${origin}/`);
  await page.getByLabel('大厅编码').fill('GL0301');
  await page.getByLabel('大厅名称').fill('光明街道第三社区党群服务中心');
  await page.getByLabel('窗口编号').fill('W03');
  await page.getByLabel('管理员姓名').fill('王芳');
  await page.getByLabel('管理员密码').fill('guangming-2026');
  await page.getByLabel('再次输入密码').fill('guangming-2026');
  await page.getByRole('button', { name: '保存并开始使用' }).click();
  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(nav).toBeVisible();

  await nav.getByRole('button', { name: /同步/ }).click();
  await expect(page.getByTestId('sync-state')).toHaveText(/尚未登记到区级服务器/);
  const enrol = page.getByRole('form', { name: '登记到区级服务器' });
  await enrol.getByLabel('服务器地址').fill(origin);
  await enrol.getByLabel('登记码').fill(code!.toLowerCase());
  await enrol.getByRole('button', { name: '登记' }).click();
  await expect(page.getByTestId('sync-device')).toContainText(`已登记到 ${origin}`);
  await expect(page.getByTestId('sync-browser-mode')).toHaveText(/浏览器模式：凭据未加密保存/);

  // Manual mode, so this test decides when to sync.
  const settings = page.getByRole('form', { name: '同步方式' });
  await settings.getByLabel('仅手动同步').check();
  await settings.getByRole('button', { name: '保存同步方式' }).click();
  await expect(page.getByTestId('sync-state')).toHaveText(/手动同步模式/);

  await registerResident(page, { name: '赵敏', documentNumber: '11010519491231002X', phone: '13812345678' });
  await expect(page.getByTestId('status-outbox')).not.toHaveText('待同步 0 条');

  await nav.getByRole('button', { name: /同步/ }).click();
  await expect(page.getByTestId('sync-pending-list')).toContainText('登记居民');
  // The page never shows the whole ID number or phone.
  await expect(page.locator('body')).not.toContainText('11010519491231002X');
  await expect(page.locator('body')).not.toContainText('13812345678');

  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-now-result')).toHaveText(/同步完成：上传 \d+ 条/);
  await expect(page.getByTestId('status-outbox')).toHaveText('待同步 0 条');
  await expect(page.getByTestId('sync-pending-count')).toHaveText('0');
  await expect(page.getByTestId('sync-last-success')).not.toHaveText(/从未/);
  const audit = await server.audit();
  expect(Object.values(audit.residents).map((r) => r.name)).toEqual(['赵敏']);

  // The server goes away: the clerk sees why, in Chinese, with the code for the hotline.
  await server.stop();
  await registerResident(page, { name: '钱伟', documentNumber: '110105194912310011', phone: '13900001111' });
  await nav.getByRole('button', { name: /同步/ }).click();
  await page.getByTestId('sync-now').click();
  await expect(page.getByRole('alert').filter({ hasText: 'sync/offline' }).first()).toContainText('无法连接区级服务器');
  await expect(page.getByTestId('status-outbox')).not.toHaveText('待同步 0 条');
  // A failed fetch is logged by Chromium as a console error; it is the expected outcome here, not a page bug.
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !/Failed to load resource|ERR_CONNECTION|net::/.test(e)));

  await server.restart();
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-now-result')).toHaveText(/同步完成/);
  await expect(page.getByTestId('status-outbox')).toHaveText('待同步 0 条');
});
