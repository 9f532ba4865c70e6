import type { Page } from '@playwright/test';
import { setupWorkstation } from '../support/workstation';
import { expect, test } from '../support/fixtures';
import { identifyAndPick, knownResident, matterSearch, nav, outcome, printCalls, RESIDENT, stubPrint } from './intake-support';

test.beforeEach(async ({ page }) => {
  // A Monday in 2026, so every date below is inside the bundled holiday data.
  await page.clock.install({ time: new Date('2026-11-23T09:30:00+08:00') });
  await stubPrint(page);
  await setupWorkstation(page);
  await knownResident(page);
});

function material(page: Page, name: RegExp) {
  return page.getByRole('group', { name: /材料清单/ }).getByRole('checkbox', { name });
}

test('一次性告知 lists every missing item, the case waits for 补正, then is accepted and completed from the case page', async ({ page }) => {
  // 临时救助: 户口簿 (required) and the 急难 proof (可容缺) are missing.
  await identifyAndPick(page, RESIDENT.documentNumber, 'lsjz');
  await material(page, /申请人居民身份证/).check();
  await material(page, /临时救助申请书/).check();
  await material(page, /银行卡或存折/).check();
  await expect(page.getByRole('main').getByRole('button', { name: '受理', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '容缺受理' })).toHaveCount(0);
  await page.getByRole('button', { name: '一次性告知' }).click();

  const missing = page.getByRole('list', { name: '需补正材料' });
  await expect(missing.getByRole('listitem')).toHaveText(['户口簿', '遭遇火灾、交通事故、突发重病等急难情况的相关证明']);
  await expect(page.getByLabel('补正期限')).toBeFocused();
  await expect(page.getByLabel('补正期限')).toHaveValue('2026-11-30');
  await expect(page.getByLabel('告知依据')).toHaveValue(/社会救助暂行办法/);
  await page.keyboard.press('Enter');

  const panel = outcome(page);
  await expect(panel.getByRole('status').first()).toHaveText('已出具一次性告知书，待补正（期限暂停计算）');
  const notice = panel.getByRole('article', { name: '一次性告知书' });
  await expect(notice).toContainText('户口簿');
  await expect(notice).toContainText('2026年11月30日');
  await panel.getByRole('button', { name: '打印一次性告知书' }).press('Enter');
  await expect.poll(() => printCalls(page)).toBe(1);

  // Later that week the resident comes back with everything.
  await page.clock.setSystemTime(new Date('2026-11-26T14:00:00+08:00'));
  await panel.getByRole('button', { name: '查看办件详情' }).click();
  await expect(page.getByTestId('case-status')).toContainText('待补正');
  await expect(page.getByTestId('case-deadline')).toHaveText('未受理，尚未计时');
  await page.getByRole('button', { name: '补正材料' }).click();
  await page.getByRole('form', { name: '补正材料' }).getByRole('checkbox', { name: '户口簿' }).check();
  await page.getByRole('form', { name: '补正材料' }).getByRole('checkbox', { name: /急难情况/ }).check();
  await page.getByRole('button', { name: '确认补正' }).click();
  await expect(page.getByTestId('case-status')).toHaveText('已收件（待受理）');

  await page.getByRole('group', { name: '可办理操作' }).getByRole('button', { name: '受理' }).click();
  // 临时救助 has 10 working days from Thursday 2026-11-26.
  await expect(page.getByTestId('case-accept-deadline')).toHaveText('承诺办结日期：2026-12-10（10 个工作日）');
  await expect(page.getByRole('button', { name: '确认受理' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('case-status')).toHaveText('已受理');
  await expect(page.getByTestId('case-deadline')).toHaveText('2026年12月10日');

  await page.getByRole('button', { name: '办结' }).click();
  await page.getByLabel('办理结果说明（选填）').fill('临时救助金已审批');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('case-status')).toHaveText('已办结');
  const timeline = page.getByRole('list', { name: '办理记录' });
  // 收件, 告知, one 补正 with both items, 受理, 办结.
  await expect(timeline.getByRole('listitem')).toHaveCount(5);
  await expect(timeline).toContainText('临时救助金已审批');
});

test('容缺受理 when only a 可容缺 item is missing: the promise and its due date are recorded and printed', async ({ page }) => {
  await identifyAndPick(page, RESIDENT.documentNumber, 'lsjz');
  await page.getByRole('button', { name: '全部齐全' }).click();
  await material(page, /急难情况/).uncheck();
  // The first decision on offer is 容缺受理; Enter takes it.
  await material(page, /户口簿/).focus();
  await page.keyboard.press('Enter');

  await expect(page.getByRole('list', { name: '容缺材料' }).getByRole('listitem')).toHaveText([/急难情况/]);
  await expect(page.getByLabel('容缺材料补交日期')).toHaveValue('2026-11-30');
  await expect(page.getByLabel('容缺承诺内容')).toHaveValue(/本人承诺于2026-11-30前补交/);
  await page.getByRole('button', { name: '容缺受理' }).click();

  const panel = outcome(page);
  await expect(panel.getByRole('status').first()).toHaveText('已容缺受理，容缺材料须于 2026年11月30日 前补交');
  await expect(panel.getByRole('article', { name: '容缺受理通知书' })).toContainText('急难情况');

  await nav(page, '办件').click();
  await page.getByRole('button', { name: /^容缺待补/ }).click();
  await expect(page.getByRole('table', { name: '容缺待补' }).getByRole('row')).toHaveCount(2);
});

test('不予受理 needs a reason; the notice names the office and the appeal route', async ({ page }) => {
  await identifyAndPick(page, RESIDENT.documentNumber, 'zdsh');
  await page.getByRole('button', { name: '不予受理' }).click();
  await expect(page.getByLabel('不予受理理由')).toBeFocused();
  await page.getByLabel('不予受理理由').selectOption({ label: '其他（在下方填写）' });
  await page.getByRole('button', { name: '确认不予受理' }).click();
  await expect(page.getByText('选择"其他"时请填写具体理由')).toBeVisible();
  await page.getByLabel('理由说明').fill('家庭人均收入高于当地低保标准');
  await page.getByLabel('理由说明').press('Enter');

  const panel = outcome(page);
  await expect(panel.getByRole('status').first()).toHaveText('已出具不予受理告知书');
  const notice = panel.getByRole('article', { name: '不予受理告知书' });
  await expect(notice).toContainText('家庭人均收入高于当地低保标准');
  await expect(notice).toContainText('区民政局');
  await expect(notice).toContainText('行政复议');
  // A refusal is a finished service too: the resident may rate it.
  await expect(panel.getByRole('group', { name: '评价等级' })).toBeVisible();
});

test('私事 and not-allowed matters are referred, and the visit is logged with the place and phone given', async ({ page }) => {
  await identifyAndPick(page, RESIDENT.documentNumber, 'jzfw');
  await expect(page.getByRole('heading', { name: '引导登记（首问负责制）' })).toBeVisible();
  await expect(page.getByLabel('引导前往')).toHaveValue('区家政服务行业协会推荐家政企业');
  await expect(page.getByLabel('联系电话')).toHaveValue('12345');
  await page.getByLabel('引导前往').press('Enter');
  const panel = outcome(page);
  await expect(panel.getByRole('status').first()).toHaveText('已登记引导（首问负责制）');
  await expect(panel.getByRole('article', { name: '首问负责登记转介单' })).toContainText('区家政服务行业协会推荐家政企业');
  await panel.getByRole('button', { name: '下一位居民' }).click();

  // 无犯罪记录证明 is not the community's to issue.
  await identifyAndPick(page, RESIDENT.documentNumber, '无犯罪');
  await expect(page.getByRole('note')).toHaveText('社区不予出具：属于公安机关职责，社区无权出具');
  await page.getByRole('button', { name: '登记引导' }).click();
  await outcome(page).getByRole('button', { name: '查看办件详情' }).click();
  await expect(page.getByTestId('case-status')).toHaveText('已引导（首问负责）');
  await expect(page.getByRole('list', { name: '办理记录' })).toContainText('引导至：户籍所在地或经常居住地派出所（派出所户籍窗口，可网上申请）（12345）');
});

test('a matter outside the catalogue is still logged as a referral under the name the clerk typed', async ({ page }) => {
  await identifyAndPick(page, RESIDENT.documentNumber, '火星移民');
  await expect(page.getByRole('heading', { name: '第二步：选择事项' })).toBeVisible();
  await page.getByRole('button', { name: '目录外事项：登记引导' }).click();
  await expect(page.getByLabel('所办事项')).toHaveValue('火星移民');
  await page.getByLabel('引导前往').fill('区政务服务中心综合咨询窗口');
  await page.getByLabel('引导前往').press('Enter');
  await expect(outcome(page).getByRole('status').first()).toHaveText('已登记引导（首问负责制）');
  await expect(matterSearch(page)).toHaveCount(0);
});

test('reprint any notice from the case page', async ({ page }) => {
  await identifyAndPick(page, RESIDENT.documentNumber, 'lsjz');
  await material(page, /申请人居民身份证/).check();
  await page.getByRole('button', { name: '一次性告知' }).click();
  await page.getByRole('button', { name: '出具一次性告知书' }).click();
  await outcome(page).getByRole('button', { name: '查看办件详情' }).click();

  const documents = page.getByRole('region', { name: '打印文书' });
  await expect(documents.getByLabel('文书')).toHaveValue('notice');
  await documents.getByLabel('纸张').selectOption({ label: '80mm 小票' });
  await expect(documents.getByRole('article', { name: '一次性告知书' })).toHaveAttribute('data-layout', 'thermal');
  await documents.getByRole('button', { name: '打印一次性告知书' }).click();
  await expect.poll(() => printCalls(page)).toBe(1);
  await expect(documents.getByRole('status')).toHaveText('已打开打印对话框：一次性告知书');
});

test('a 不满意 rating needs a reason and puts the case on the follow-up list', async ({ page }) => {
  await identifyAndPick(page, RESIDENT.documentNumber, 'lnrydz');
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');
  const panel = outcome(page);
  await expect(panel.getByRole('button', { name: '打印受理回执' })).toBeFocused();
  await page.keyboard.press('4');
  await expect(panel.getByRole('textbox', { name: /不满意原因/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(panel.getByText('请填写不满意的原因')).toBeVisible();
  await page.keyboard.type('排队等候时间太长');
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId('case-rating')).toHaveText('已评价：不满意（排队等候时间太长），已列入差评回访');

  await nav(page, '办件').click();
  await page.getByRole('button', { name: /^差评待回访/ }).click();
  const followUp = page.getByRole('table', { name: '差评待回访' });
  await expect(followUp.getByRole('row')).toHaveCount(2);
  await expect(followUp).toContainText('老年人优待证办理');
  await expect(followUp).toContainText('差评待回访');
});
