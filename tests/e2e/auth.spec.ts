import { expect, test } from '../support/fixtures';
import { registerForm, setupWorkstation, signIn, signInForm, submitSignIn } from '../support/workstation';
import { addClerk, CLERK, lockScreen, mainNav, openView, signOut } from './auth-support';

test.describe('staff sign-in', () => {
  test.beforeEach(async ({ page }) => {
    // A running fake clock: time passes as usual, and a test can jump ahead (lockout end, idle lock).
    await page.clock.install({ time: new Date('2026-11-23T09:00:00+08:00') });
    await setupWorkstation(page);
  });

  test('a wrong PIN never signs in; the fifth locks the account for 15 minutes, across a reload', async ({ page }) => {
    await addClerk(page);
    await signOut(page);

    const form = signInForm(page);
    for (let left = 4; left >= 1; left--) {
      await submitSignIn(page, CLERK.name, '111112');
      await expect(form.getByRole('alert')).toContainText(`密码或 PIN 不正确，还可尝试 ${left} 次`);
      await expect(mainNav(page)).toHaveCount(0);
    }
    await submitSignIn(page, CLERK.name, '111112');
    await expect(form.getByRole('alert')).toContainText('连续输错次数过多，该账号已锁定，请于 09:15 后再试');
    // Fails closed: during the lock even the right PIN is refused.
    await submitSignIn(page, CLERK.name, CLERK.pin);
    await expect(form.getByRole('alert')).toContainText('该账号已锁定');
    await expect(mainNav(page)).toHaveCount(0);

    // A reload forgets nothing about the lock.
    await page.reload();
    await form.getByLabel('工作人员').selectOption({ label: `${CLERK.name}（${CLERK.role}）` });
    await expect(page.getByTestId('sign-in-lockout')).toHaveText('连续输错次数过多，该账号已锁定，请于 09:15 后再试');
    await submitSignIn(page, CLERK.name, CLERK.pin);
    await expect(form.getByRole('alert')).toContainText('该账号已锁定');
    await expect(mainNav(page)).toHaveCount(0);

    // Other accounts are not affected, and the lock ends after 15 minutes.
    await signIn(page);
    await signOut(page);
    await page.clock.fastForward('15:00');
    await signIn(page, CLERK.name, CLERK.pin);
    await expect(page.getByTestId('session-staff')).toHaveText('王芳（窗口人员）');
    await expect(page.getByTestId('status-clerk')).toHaveText('办事员：王芳');
  });

  test('a clerk sees only the counter screens: no 值班, 审计 or 设置', async ({ page }) => {
    await expect(mainNav(page).getByRole('button')).toHaveText(['受理', '办件', '居民', '交接班', '同步', '值班', '审计', '设置']);
    await addClerk(page);
    await signOut(page);
    await signIn(page, CLERK.name, CLERK.pin);
    await expect(mainNav(page).getByRole('button')).toHaveText(['受理', '办件', '居民', '交接班', '同步']);
    await openView(page, '居民');
    await expect(page.getByRole('heading', { name: '查找居民' })).toBeVisible();
  });

  test('locks after 5 idle minutes, keeps the work underneath, and only its owner unlocks', async ({ page }) => {
    // Half-typed registration: work in progress that must survive the lock.
    await openView(page, '居民');
    await registerForm(page).getByLabel('姓名').fill('赵敏');

    await page.clock.fastForward('04:30');
    await expect(lockScreen(page)).toHaveCount(0);
    // Activity restarts the count.
    await page.mouse.move(10, 10);
    await page.clock.fastForward('04:30');
    await expect(lockScreen(page)).toHaveCount(0);
    await page.clock.fastForward('00:31');
    const lock = lockScreen(page);
    await expect(lock).toBeVisible();
    await expect(lock).toContainText('当前登录：李娜（管理员）');
    // The app behind is out of reach while locked.
    await expect(mainNav(page)).toBeHidden();

    await lock.getByLabel('PIN 或密码').fill('not-the-password');
    await lock.getByRole('button', { name: '解锁' }).click();
    await expect(lock.getByRole('alert')).toContainText('密码或 PIN 不正确，还可尝试 4 次');
    await lock.getByLabel('PIN 或密码').fill('guangming-2026');
    await lock.getByRole('button', { name: '解锁' }).click();
    await expect(lock).toHaveCount(0);
    await expect(registerForm(page).getByLabel('姓名')).toHaveValue('赵敏');
  });

  test('the idle time is a setting a lead or admin changes, and 锁定 locks at once', async ({ page }) => {
    await openView(page, '设置');
    const idle = page.getByRole('form', { name: '自动锁屏' });
    await idle.getByLabel('无操作多少分钟后锁屏').fill('2');
    await idle.getByRole('button', { name: '保存' }).click();
    await expect(idle.getByRole('status')).toHaveText('已保存：无操作 2 分钟后自动锁屏');
    // In force where the idle timer reads it (its own live read), before the clock moves.
    await expect(page.locator('.session-app')).toHaveAttribute('data-idle-lock-minutes', '2');
    await page.clock.fastForward('02:01');
    await expect(lockScreen(page)).toBeVisible();
    await lockScreen(page).getByLabel('PIN 或密码').fill('guangming-2026');
    await lockScreen(page).getByRole('button', { name: '解锁' }).click();
    await expect(lockScreen(page)).toHaveCount(0);

    await page.getByRole('banner').getByRole('button', { name: '锁定' }).click();
    await expect(lockScreen(page)).toBeVisible();
  });
});
