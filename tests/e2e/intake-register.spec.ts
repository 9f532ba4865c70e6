import { searchResidents, setupWorkstation } from '../support/workstation';
import { expect, test } from '../support/fixtures';
import { idNumber, knownResident, matterSearch, openIntake, outcome, RESIDENT, residentSearch } from './intake-support';

test.beforeEach(async ({ page }) => {
  await setupWorkstation(page);
});

test('a card reader (18 characters and Enter, typed fast) identifies a known resident', async ({ page }) => {
  await knownResident(page);
  // Keyboard-wedge input: no pause between the number and Enter for the live result list to catch up.
  await residentSearch(page).pressSequentially(`${RESIDENT.documentNumber}\n`);
  await expect(matterSearch(page)).toBeFocused();
  await expect(page.getByRole('region', { name: '当前居民' })).toContainText(RESIDENT.name);
  // The ID number is masked wherever it is shown.
  await expect(page.getByRole('region', { name: '当前居民' })).toContainText('110105********');
  await expect(page.getByRole('region', { name: '当前居民' })).not.toContainText(RESIDENT.documentNumber);
});

test('results follow the typing: name, pinyin initials and 手机尾号; arrows choose among several', async ({ page }) => {
  await knownResident(page);
  await knownResident(page, { name: '王秀兰', documentNumber: idNumber('11010519520411004'), phone: '13700005678' });

  const results = page.getByRole('listbox', { name: '居民查找结果' });
  await residentSearch(page).fill('wxy');
  await expect(results.getByRole('option')).toHaveCount(1);
  await residentSearch(page).fill('5678');
  await expect(results.getByRole('option')).toHaveCount(2);
  await residentSearch(page).fill('王秀');
  // Names come in index order (兰 U+5170 before 英 U+82F1); waiting for that order, not a count, waits for this
  // query's list rather than the 尾号 list still shown while it is read.
  await expect(results).toHaveAttribute('aria-busy', 'false');
  await expect(results.getByRole('option')).toHaveText([/^王秀兰/, /^王秀英/]);
  const second = '王秀英';
  await residentSearch(page).press('ArrowDown');
  await expect(results.getByRole('option', { selected: true })).toContainText(second);
  await residentSearch(page).press('Enter');
  await expect(page.getByRole('region', { name: '当前居民' })).toContainText(second);
  // Esc goes back to the search, and again clears it.
  await page.keyboard.press('Escape');
  await expect(residentSearch(page)).toBeFocused();
  await expect(residentSearch(page)).toHaveValue('王秀');
  await page.keyboard.press('Escape');
  await expect(residentSearch(page)).toHaveValue('');
});

test('an unknown ID number registers inline, prefilled, and the intake goes on', async ({ page }) => {
  await openIntake(page);
  const number = idNumber('44030619900101123');
  await residentSearch(page).fill(number);
  await expect(page.getByText('没有找到居民')).toBeVisible();
  await residentSearch(page).press('Enter');

  const form = page.getByRole('form', { name: '登记新居民' });
  await expect(form.getByLabel('姓名')).toBeFocused();
  await expect(form.getByLabel('证件号码')).toHaveValue(number);
  await form.getByLabel('姓名').fill('李建国');
  await form.getByLabel('联系电话').fill('13800001111');
  await form.getByLabel('楼栋').fill('5号楼');
  await form.getByLabel('单元').fill('1单元');
  await form.getByLabel('室（以房管为准）').fill('301');
  await form.getByLabel('网格').fill('第三网格');
  await form.getByRole('checkbox', { name: '高龄' }).check();
  await form.getByRole('button', { name: '登记并继续' }).click();

  await expect(matterSearch(page)).toBeFocused();
  const summary = page.getByRole('region', { name: '当前居民' });
  await expect(summary).toContainText('李建国');
  await expect(summary).toContainText('高龄');
});

test('a document already on file is caught before saving, and the clerk takes the registered resident', async ({ page }) => {
  await knownResident(page);
  await residentSearch(page).fill('赵');
  await residentSearch(page).press('Enter');
  const form = page.getByRole('form', { name: '登记新居民' });
  await expect(form.getByLabel('姓名')).toHaveValue('赵');
  await form.getByLabel('姓名').fill('赵重复');
  await form.getByLabel('证件号码').fill(RESIDENT.documentNumber);
  await form.getByLabel('联系电话').focus();
  await expect(form.getByText(`该证件号码已登记（居民：${RESIDENT.name}），请使用已登记的居民`)).toBeVisible();
  await form.getByRole('button', { name: `使用已登记的居民：${RESIDENT.name}` }).click();
  await expect(page.getByRole('region', { name: '当前居民' })).toContainText(RESIDENT.name);

  // And nobody was registered twice: no 赵重复 (a search by the number could only ever show one).
  const byName = await searchResidents(page, '赵重复');
  await expect(byName.getByRole('listitem')).toHaveCount(0);
  await expect(page.getByText('按姓名查找：没有找到居民')).toBeVisible();
});

test('a wrong ID number is explained next to the field, in Chinese', async ({ page }) => {
  await openIntake(page);
  await residentSearch(page).fill('110105195003070020');
  await residentSearch(page).press('Enter');
  const form = page.getByRole('form', { name: '登记新居民' });
  await form.getByLabel('姓名').fill('钱多');
  await form.getByRole('button', { name: '登记并继续' }).click();
  await expect(form.getByRole('alert')).toContainText('校验');
  await page.keyboard.press('Escape');
  await expect(residentSearch(page)).toBeVisible();
});

test('an agent (代办人) acting for the resident is recorded on the case with the resident', async ({ page }) => {
  await knownResident(page);
  await residentSearch(page).fill(RESIDENT.documentNumber);
  await residentSearch(page).press('Enter');
  await page.getByRole('button', { name: '添加代办人' }).click();
  const agent = page.getByRole('form', { name: '代办人信息' });
  await expect(agent.getByLabel('代办人姓名')).toBeFocused();
  await agent.getByLabel('代办人姓名').fill('王小明');
  await agent.getByLabel('代办人证件号码').fill(idNumber('11010519800101001'));
  await agent.getByLabel('与申请人关系').fill('子女');
  await agent.getByLabel('与申请人关系').press('Enter');
  await expect(page.getByRole('region', { name: '当前居民' })).toContainText('代办人：王小明（子女');

  await matterSearch(page).fill('lnrydz');
  await matterSearch(page).press('Enter');
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');
  await outcome(page).getByRole('button', { name: '查看办件详情' }).click();
  await expect(page.getByTestId('case-agent')).toContainText('王小明（子女，居民身份证 110105********');
  await expect(page.getByTestId('case-resident-name')).toHaveText(RESIDENT.name);
  await expect(page.getByRole('list', { name: '办理记录' })).toContainText('代办人：王小明（子女）');
});
