import { expect, test as base } from '@playwright/test';

/**
 * The e2e `test`: every test fails if the page logged a console error or threw (CSP violations and React
 * warnings in production builds show up as console errors). Each test already runs in a fresh browser context,
 * so IndexedDB starts empty and nothing leaks between tests.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      await use(errors);
      expect(errors, 'console errors on the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
