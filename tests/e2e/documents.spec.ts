import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';

/**
 * The printed documents, end to end: fixture cases (built from real domain events by
 * renderer/src/ui/documents/fixtures.ts) are rendered by print-preview.html in Chromium, printed to PDF, and the
 * PDF's text is read back with poppler's pdftotext. Fixture values are repeated here on purpose: a test that
 * imported them would agree with any change to them.
 */

const CASE_NUMBER = 'GL0301-W02-20261123-0007';
const FULL_ID = '11010519491231002X';
const MASKED_ID = '110105********002X';
const FULL_AGENT_ID = '440524188001010014';
const MASKED_AGENT_ID = '440524********0014';
const FULL_PHONE = '13812345678';
const HOSTILE = '<img src=x onerror=alert(1)>';
const DATE = '2026年11月23日';

type Kind = 'receipt' | 'notice' | 'deferral' | 'refusal' | 'referral';
type Layout = 'a4' | 'thermal';

const EXPECTED: Record<Kind, { title: string; texts: string[] }> = {
  receipt: {
    title: '受理回执',
    texts: ['承诺办结日期', '2026年12月7日', '居民身份证原件', '《参保登记表》（申请人签字）', MASKED_AGENT_ID, '代办人签字'],
  },
  notice: {
    title: '一次性告知书',
    texts: [
      // Every missing material, the legal basis and the date to come back by.
      '户口簿原件及复印件',
      '近期一寸免冠彩色照片2张',
      '社会保障卡或银行卡复印件',
      '居住证明（租房合同或房产证复印件）',
      '共4项',
      '《中华人民共和国行政许可法》第三十二条',
      '请于2026年11月30日前',
      '申请人签收',
    ],
  },
  deferral: {
    title: '容缺受理通知书',
    texts: ['近期一寸免冠彩色照片2张', '《参保登记表》（申请人签字）', '2026年11月27日', '本人承诺于2026年11月27日前补齐上述容缺材料', '申请人（承诺人）签字'],
  },
  refusal: {
    title: '不予受理告知书',
    texts: [
      '不符合城乡居民基本医疗保险参保条件',
      '朝阳区医疗保障局',
      '北京市朝阳区三间房南里4号院',
      '010-65099999',
      '如对本决定不服，可在收到本告知书之日起六十日内向北京市朝阳区人民政府申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。',
    ],
  },
  referral: {
    title: '首问负责登记转介单',
    texts: ['呼家楼北社区人民调解委员会（社区居委会二楼）', '010-65005678', '首问责任人签字', '来访人签字'],
  },
};

const KINDS = Object.keys(EXPECTED) as Kind[];

// Each test opens its own page on static files: nothing shared, so they can use both workers.
test.describe.configure({ mode: 'parallel' });
const LAYOUTS: Layout[] = ['a4', 'thermal'];

/** pdftotext breaks lines wherever the layout wrapped; compare with all whitespace removed. */
const squash = (s: string) => s.replace(/\s+/g, '');

async function open(page: Page, kind: Kind, layout: Layout, variant = 'plain') {
  await page.goto(`/print-preview.html?doc=${kind}&layout=${layout}&variant=${variant}`);
  await expect(page.locator('[data-print-root]')).toHaveCount(1);
  await page.evaluate(() => document.fonts.ready);
}

async function printPdf(page: Page, layout: Layout, path: string, preferCSSPageSize = false) {
  await page.pdf({
    path,
    printBackground: true,
    preferCSSPageSize,
    ...(preferCSSPageSize ? {} : layout === 'a4' ? { format: 'A4' } : { width: '80mm' }),
  });
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
  return { text: squash(text), pages, widthPt: Number(size?.[1]), heightPt: Number(size?.[2]) };
}

for (const kind of KINDS) {
  for (const layout of LAYOUTS) {
    test(`${EXPECTED[kind].title} (${layout}) prints the case facts with the ID masked`, async ({ page }, testInfo) => {
      await open(page, kind, layout);
      // JSX turns a line break between two text lines into a space, which Chinese prose must not have.
      expect(await page.locator('[data-print-root]').innerText()).not.toMatch(/[。，：；、] |[\u4e00-\u9fff] [\u4e00-\u9fff]/);
      const { text } = await printPdf(page, layout, testInfo.outputPath(`${kind}-${layout}.pdf`));

      for (const expected of [EXPECTED[kind].title, CASE_NUMBER, MASKED_ID, '138****5678', DATE, '城乡居民基本医疗保险参保登记', '朝阳区呼家楼街道呼家楼北社区党群服务中心', '窗口人员', '〔盖章〕']) {
        // The referral is a private matter: no catalogue matter name on it.
        if (kind === 'referral' && expected === '城乡居民基本医疗保险参保登记') continue;
        expect(text, `missing "${expected}"`).toContain(squash(expected));
      }
      for (const expected of EXPECTED[kind].texts) expect(text, `missing "${expected}"`).toContain(squash(expected));

      expect(text).not.toContain(FULL_ID);
      expect(text).not.toContain(FULL_AGENT_ID);
      expect(text).not.toContain(FULL_PHONE);
      // The preview page's own toolbar is app chrome: it must not print.
      expect(text).not.toContain('打印样张');
    });

    test(`${EXPECTED[kind].title} (${layout}) prints hostile text literally and runs none of it`, async ({ page }, testInfo) => {
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await open(page, kind, layout, 'hostile');
      await expect(page.locator('[data-print-root] img')).toHaveCount(0);
      const { text } = await printPdf(page, layout, testInfo.outputPath(`${kind}-${layout}-hostile.pdf`));

      expect(text).toContain(squash(HOSTILE));
      for (const rare of ['𠮷', '𡈼', '䶮', '😀', '👍']) expect(text, `missing ${rare}`).toContain(rare);
      expect(text).not.toContain(FULL_ID);
      expect(dialogs).toEqual([]);
    });
  }
}

for (const layout of LAYOUTS) {
  test(`every document (${layout}) keeps a 200-character name and unbroken text inside the page`, async ({ page }) => {
    for (const kind of KINDS) {
      await open(page, kind, layout, 'long');
      const overflow = await page.evaluate(() => {
        const root = document.querySelector('[data-print-root]');
        if (!root) return ['no print root'];
        // The printable area is the sheet minus its padding (which equals the @page margin).
        const box = root.getBoundingClientRect();
        const right = box.right - parseFloat(getComputedStyle(root).paddingRight);
        const out: string[] = [];
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(node);
          for (const r of Array.from(range.getClientRects())) {
            if (r.right > right + 0.5) out.push(`text "${node.textContent?.slice(0, 20)}"`);
          }
        }
        for (const el of Array.from(root.querySelectorAll('*'))) {
          if (el.getBoundingClientRect().right > right + 0.5) out.push(`<${el.tagName}>`);
        }
        return out;
      });
      expect(overflow, `${kind}: content past the printable area`).toEqual([]);
      expect(await page.locator('[data-print-root]').innerText()).toContain('欧阳'.repeat(50));
    }
  });
}

test('the CSS page size follows the layout: A4 sheets and a single 80 mm ticket', async ({ page }, testInfo) => {
  const MM = 72 / 25.4;
  for (const kind of KINDS) {
    await open(page, kind, 'a4');
    const a4 = await printPdf(page, 'a4', testInfo.outputPath(`${kind}-a4-css.pdf`), true);
    expect(a4.widthPt).toBeCloseTo(210 * MM, 0);
    expect(a4.heightPt).toBeCloseTo(297 * MM, 0);
    expect(a4.pages, `${kind} should fit one A4 sheet`).toBe(1);

    await open(page, kind, 'thermal');
    const sheetMm = await page.locator('[data-print-root]').evaluate((el) => (el.getBoundingClientRect().height * 25.4) / 96);
    const roll = await printPdf(page, 'thermal', testInfo.outputPath(`${kind}-thermal-css.pdf`), true);
    expect(roll.widthPt).toBeCloseTo(80 * MM, 0);
    expect(roll.pages, `${kind} should come out as one ticket`).toBe(1);
    // As long as the receipt itself (plus a few mm of feed), not the fixed 297 mm fallback.
    expect(Math.abs(roll.heightPt / MM - sheetMm), `${kind}: ticket ${roll.heightPt / MM} mm, sheet ${sheetMm} mm`).toBeLessThan(6);
    expect(roll.text).toContain(CASE_NUMBER);
  }
});

test('printing shows only the print root, whatever else the app has on screen', async ({ page }, testInfo) => {
  await open(page, 'notice', 'a4');
  await page.evaluate(() => {
    // Stand-ins for the app shell: a header outside the document, and a sibling inside its container.
    const header = document.createElement('header');
    header.textContent = 'APPCHROMEHEADER';
    header.style.cssText = 'position:fixed;top:0;height:80px;display:grid';
    document.body.prepend(header);
    const sibling = document.createElement('aside');
    sibling.textContent = 'APPCHROMESIDEBAR';
    document.querySelector('[data-print-root]')?.parentElement?.prepend(sibling);
  });
  const { text, pages } = await printPdf(page, 'a4', testInfo.outputPath('chrome.pdf'), true);
  expect(text).not.toContain('APPCHROMEHEADER');
  expect(text).not.toContain('APPCHROMESIDEBAR');
  expect(text).toContain(CASE_NUMBER);
  expect(pages).toBe(1);
});
