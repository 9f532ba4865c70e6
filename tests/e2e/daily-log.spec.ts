import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { setupWorkstation, signIn } from '../support/workstation';
import { printCalls, stubPrint } from './intake-support';

/**
 * The daily log end to end: a day of ~50 cases at three counters is written into the app's own database through
 * the store's real commands (tests/e2e/daily-log-seed.js) with a controlled clock; the lead opens 值班 → 工作日志
 * for that day, which is printed to PDF (Chromium's page.pdf, as Electron's printToPDF) and read back with
 * pdftotext, and exported as CSV. Expected figures are worked out here by hand from the plan, not computed by the
 * code under test.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DAY = '2026-11-20';
// "Now" is the Monday after: the log of Friday the 20th is a past day, and one of its cases was completed today.
const NOW = new Date('2026-11-23T10:00:00+08:00');

type SeedCase = {
  clerk: 'li' | 'wang' | 'zhang';
  day: string;
  time: string;
  matter: 'immediate' | 'community' | 'promised' | 'deferrable' | 'private';
  outcome: 'done' | 'notice' | 'promised' | 'refuse' | 'refer' | 'deferral' | 'forward';
  minutes?: number;
  rating?: { level: string; reason?: string };
  resident: number;
  completeLater?: { day: string; time: string };
};

const RESIDENTS = ['王秀英', '欧阳明', '陈建国', '刘桂兰', '赵德福', '孙丽华', '周志强', '吴淑珍', '郑国平', '冯玉梅'];

function times(start: string, count: number, stepMin: number): string[] {
  const [h, m] = start.split(':').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const total = h * 60 + m + i * stepMin;
    return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
  });
}

function plan(): SeedCase[] {
  const cases: SeedCase[] = [];
  let r = 0;
  const add = (c: Omit<SeedCase, 'resident' | 'day'> & { day?: string }) => cases.push({ day: DAY, resident: r++, ...c });
  // 李娜 (W02, this workstation): 12 on the spot (5/10/15 minutes, average 10), 3 补正, 3 承诺件, 1 私事.
  times('08:40', 12, 25).forEach((time, i) =>
    add({
      clerk: 'li',
      time,
      matter: i < 6 ? 'immediate' : 'community',
      outcome: 'done',
      minutes: [5, 10, 15][i % 3] as number,
      ...(i < 6 ? { rating: { level: 'satisfied' } } : i === 6 ? { rating: { level: 'very-satisfied' } } : i === 7 ? { rating: { level: 'dissatisfied', reason: '等候时间长' } } : {}),
    }),
  );
  times('14:00', 3, 10).forEach((time) => add({ clerk: 'li', time, matter: 'immediate', outcome: 'notice' }));
  times('14:40', 3, 10).forEach((time) => add({ clerk: 'li', time, matter: 'promised', outcome: 'promised' }));
  add({ clerk: 'li', time: '16:30', matter: 'private', outcome: 'refer' });
  // 王芳 (W03): 10 on the spot (8 minutes), 4 承诺件 (one completed on Monday the 23rd), 2 不予受理, 2 私事.
  times('08:45', 10, 30).forEach((time, i) => add({ clerk: 'wang', time, matter: 'immediate', outcome: 'done', minutes: 8, ...(i < 3 ? { rating: { level: 'very-satisfied' } } : {}) }));
  times('14:05', 4, 15).forEach((time, i) => add({ clerk: 'wang', time, matter: 'promised', outcome: 'promised', ...(i === 0 ? { completeLater: { day: '2026-11-23', time: '09:30' } } : {}) }));
  times('15:10', 2, 10).forEach((time) => add({ clerk: 'wang', time, matter: 'immediate', outcome: 'refuse' }));
  times('15:40', 2, 10).forEach((time) => add({ clerk: 'wang', time, matter: 'private', outcome: 'refer' }));
  // 张伟 (W01): 8 on the spot (20 minutes), 2 容缺, 2 承诺件 forwarded the same day; and a case of the 18th
  // he completes on the 20th (a completion of the day that is not a case of the day).
  add({ clerk: 'zhang', day: '2026-11-18', time: '10:00', matter: 'promised', outcome: 'promised', completeLater: { day: DAY, time: '16:00' } });
  times('09:00', 8, 40).forEach((time, i) =>
    add({ clerk: 'zhang', time, matter: i < 4 ? 'immediate' : 'community', outcome: 'done', minutes: 20, ...(i === 0 ? { rating: { level: 'very-dissatisfied', reason: '材料要求说明不清' } } : {}) }),
  );
  times('14:30', 2, 20).forEach((time) => add({ clerk: 'zhang', time, matter: 'deferrable', outcome: 'deferral' }));
  times('15:30', 2, 20).forEach((time) => add({ clerk: 'zhang', time, matter: 'promised', outcome: 'forward' }));
  return cases;
}

const CLERKS = {
  li: { name: '李娜', workstationCode: 'W02' },
  wang: { name: '王芳', workstationCode: 'W03' },
  zhang: { name: '张伟', workstationCode: 'W01' },
};

let seedBundle: Promise<string> | undefined;
function seedScript(): Promise<string> {
  seedBundle ??= build({
    entryPoints: [`${ROOT}tests/e2e/daily-log-seed.js`],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    alias: { '@shared': `${ROOT}shared` },
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]?.text ?? '');
  return seedBundle;
}

async function seedDay(page: Page, cases: SeedCase[]) {
  await page.evaluate(await seedScript());
  return page.evaluate(
    (p) => (window as unknown as { __dailyLogSeed: (plan: unknown) => Promise<{ cases: number; events: number; outbox: number }> }).__dailyLogSeed(p),
    { clerks: CLERKS, residents: RESIDENTS, cases },
  );
}

async function openLog(page: Page, date: string) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: /^值班/ }).click();
  await page.getByRole('tab', { name: '工作日志' }).click();
  await page.getByLabel('日期', { exact: true }).fill(date);
  await expect(page.locator('[data-print-root]')).toHaveAttribute('aria-label', `工作日志 ${date}`);
  await page.evaluate(() => document.fonts.ready);
}

const squash = (s: string) => s.replace(/\s+/g, '');

function pdfText(path: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', ...range, path, '-'], { encoding: 'utf8' });
}

/** The whitespace-separated cells of the first line that starts with `label`. */
function rowOf(text: string, label: string): string[] {
  const line = text.split('\n').find((l) => l.trim().startsWith(label));
  return line === undefined ? [] : line.trim().split(/\s+/);
}

test.describe('daily log', () => {
  test.beforeEach(async ({ page }) => {
    await page.clock.setFixedTime(NOW);
    await stubPrint(page);
    await setupWorkstation(page);
  });

  test('prints the day’s totals and per-clerk figures, paginated, and exports them as CSV', async ({ page }, testInfo) => {
    const cases = plan();
    expect(cases.filter((c) => c.day === DAY)).toHaveLength(49);
    const seeded = await seedDay(page, cases);
    expect(seeded.cases).toBe(50);
    await page.reload();
    await signIn(page);

    // The hall board opens first, on today (Monday): the 承诺件 王芳 completed at 09:30 is today's only activity;
    // Friday's 补正 and 容缺 cases are still open, and the 容缺 materials are due today.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: /^值班/ }).click();
    const figures = page.getByRole('region', { name: '今日概况' });
    await expect(figures).toContainText('今日受理0');
    await expect(figures).toContainText('今日办结1');
    await expect(page.getByRole('region', { name: '窗口' }).getByRole('row', { name: /W03.*王芳.*09:30/ })).toBeVisible();
    await expect(page.getByRole('region', { name: '待补正' }).getByRole('listitem')).toHaveCount(3);
    await expect(page.getByRole('region', { name: '容缺材料到期' }).getByRole('listitem')).toHaveCount(2);
    await expect(page.getByRole('region', { name: '本机同步' })).toContainText(`待同步 ${seeded.outbox} 条`);

    await openLog(page, DAY);
    // The signed-in administrator is the default 值班长; the lead on duty can type another name.
    await expect(page.getByLabel('值班长', { exact: true })).toHaveAttribute('placeholder', '李娜');
    await page.getByLabel('值班长', { exact: true }).fill('赵敏');

    const root = page.locator('[data-print-root]');
    const planned = Number(await root.getAttribute('data-pages'));
    expect(planned).toBeGreaterThanOrEqual(2);
    // Nothing drawn outside its planned box: no page body overflows, no case or ID number is cut.
    const clipped = await page.evaluate(() => {
      const out: string[] = [];
      for (const body of Array.from(document.querySelectorAll<HTMLElement>('.dl-body'))) {
        if (body.scrollHeight > body.clientHeight + 1) out.push(`page body ${body.scrollHeight} > ${body.clientHeight}`);
      }
      // Header labels, case numbers and ID numbers are sized to fit whole: their text must fit the cell's content box.
      for (const cell of Array.from(document.querySelectorAll<HTMLElement>('.dl-table td.dl-mono, .dl-table th'))) {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const style = getComputedStyle(cell);
        const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        if (range.getBoundingClientRect().width > room + 0.5) out.push(`cell "${cell.textContent}" ${range.getBoundingClientRect().width} > ${room}`);
      }
      return out;
    });
    expect(clipped).toEqual([]);

    const pdf = testInfo.outputPath('daily-log.pdf');
    await page.pdf({ path: pdf, printBackground: true, preferCSSPageSize: true });
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]), 'one sheet per planned page').toBe(planned);
    expect(info).toMatch(/Page size:.*\(A4\)/);

    for (let n = 1; n <= planned; n += 1) {
      const text = squash(pdfText(pdf, n));
      expect(text, `page ${n} footer`).toContain(`第${n}页共${planned}页`);
      expect(text).not.toContain('主导航');
    }
    // The register runs over a page break: its header row is repeated where it continues.
    const continued = Array.from({ length: planned }, (_, i) => squash(pdfText(pdf, i + 1))).filter((t) => t.includes('受理台账（续）'));
    expect(continued.length).toBeGreaterThan(0);
    for (const t of continued) expect(t).toContain('序号时间办件编号居民证件号码事项结果窗口人员');

    const text = pdfText(pdf);
    const flat = squash(text);
    expect(flat).toContain('工作日志（台账）');
    expect(flat).toContain('日期：2026年11月20日（星期五）');
    expect(flat).toContain('值班长：赵敏');
    // Summary: 49 received; 31 completed (30 of the day's on-the-spot cases and the 18th's case).
    expect(rowOf(text, '受理件数')).toEqual(['受理件数', '49', '办结件数', '31']);
    expect(rowOf(text, '一次性告知（补正）')).toEqual(['一次性告知（补正）', '3', '容缺受理', '2']);
    expect(rowOf(text, '不予受理')).toEqual(['不予受理', '2', '引导转介（私事）', '3']);
    expect(rowOf(text, '撤销')).toEqual(['撤销', '0', '收到评价（其中差评）', '12（2）']);
    // 即办率: 30 done on the day of 41 accepted; 最多跑一次: 41 of 44 (all but the three 补正).
    expect(rowOf(text, '即办率')).toEqual(['即办率', '73.2%（30/41）', '最多跑一次率', '93.2%（41/44）']);
    // Clerks: received, completed, forwarded, refused, referred, notices, average on-the-spot minutes, ratings.
    expect(rowOf(text, '张伟')).toEqual(['张伟', '12', '9', '2', '0', '0', '0', '20.0分', '0', '0', '0', '0', '1']);
    expect(rowOf(text, '李娜')).toEqual(['李娜', '19', '12', '0', '0', '1', '3', '10.0分', '1', '6', '0', '1', '0']);
    expect(rowOf(text, '王芳')).toEqual(['王芳', '18', '10', '0', '2', '2', '0', '8.0分', '3', '0', '0', '0', '0']);
    // The 承诺件 completed on Monday is still open in Friday's log; the five that need attention are listed.
    expect(flat).toContain('另有按期办理中的在办件9件（办理时限在2026年11月23日之后，或无办理时限），不逐件列出。');
    expect(flat).toContain('材料要求说明不清');
    expect(flat).toContain('等候时间长');
    // Masked only.
    expect(flat).toContain('欧**');
    expect(flat).toMatch(/110105\*{8}\d{3}[\dX]/);
    expect(flat).not.toMatch(/1101051950030\d{4}/);
    expect(flat).not.toContain('欧阳明');

    // CSV: BOM, the columns, one row per case of the day, CRLF.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('工作日志-GL0301-2026-11-20.csv');
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.subarray(3).toString('utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('序号,受理时间,办件编号,窗口,居民姓名,证件号码,代办,事项编码,事项名称,分类,办理方式,办理结果,最多跑一次,窗口人员');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + 49 + 1);
    expect(csv).not.toMatch(/[^\r]\n/);
    expect(lines[1]).toMatch(/^1,2026-11-20 08:40,GL0301-W02-20261120-0001,W02,王\*\*,110105\*{8}\d{3}[\dX],否,RS-001,失业登记,政务,即办,已办结,是,李娜$/);

    // Printing goes to the browser's dialog here (no Electron bridge).
    await page.getByRole('button', { name: '打印', exact: true }).click();
    await expect(page.getByRole('form', { name: '日志条件' }).getByRole('status')).toHaveText('已打开打印对话框');
    expect(await printCalls(page)).toBe(1);
  });

  test('narrows to one counter, and a long day keeps page numbers and headers on every sheet', async ({ page }, testInfo) => {
    // 李娜 alone, over a long day: 150 cases on the spot.
    const long: SeedCase[] = times('08:00', 150, 3).map((time, i) => ({ clerk: 'li', day: DAY, time, matter: 'immediate', outcome: 'done', minutes: 2, resident: i }));
    long.push({ clerk: 'zhang', day: DAY, time: '10:00', matter: 'immediate', outcome: 'done', minutes: 2, resident: 0 });
    await seedDay(page, long);
    await page.reload();
    await signIn(page);
    await openLog(page, DAY);
    await page.getByLabel('交接班补充说明').fill('交接：3号窗口打印机缺纸，已报修；下周一起居住证明模板更换。'.repeat(12));

    await page.getByLabel('窗口', { exact: true }).selectOption({ label: '窗口 W02' });
    await expect(page.locator('[data-print-root]')).toContainText('范围：窗口 W02');
    const planned = Number(await page.locator('[data-print-root]').getAttribute('data-pages'));
    expect(planned).toBeGreaterThanOrEqual(4);

    const pdf = testInfo.outputPath('daily-log-long.pdf');
    await page.pdf({ path: pdf, printBackground: true, preferCSSPageSize: true });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
    expect(pages).toBe(planned);
    for (let n = 1; n <= planned; n += 1) {
      const text = squash(pdfText(pdf, n));
      expect(text).toContain(`第${n}页共${planned}页`);
      if (n > 1) expect(text).toContain('光明街道第三社区党群服务中心·工作日志');
    }
    const text = pdfText(pdf);
    expect(rowOf(text, '受理件数')).toEqual(['受理件数', '150', '办结件数', '150']);
    expect(rowOf(text, '李娜').slice(0, 3)).toEqual(['李娜', '150', '150']);
    expect(text).not.toContain('张伟');
    expect(squash(text)).toContain('值班长签字');
    expect(squash(text)).toContain('下周一起居住证明模板更换。');
  });
});
