// The not-found pattern: an unknown address, or an address naming a challenge, entry,
// poll or member that does not exist, shows "Page not found" with a tab title and a
// way back, in both languages and at phone and desktop sizes; never a raw error box.
import { test, expect, type Page } from './fixtures';

async function expectNotFound(page: Page, title: string) {
  const section = page.getByTestId('not-found');
  await expect(section.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(title));
  await expect(page.locator('.error-box')).toHaveCount(0);
}

test('an unknown route shows the not-found page with a way home', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  // The server answers with the app (SPA fallback); the app says "not found".
  expect(response?.ok()).toBeTruthy();
  await expectNotFound(page, 'Page not found');

  await page.getByRole('main').getByRole('link', { name: 'Back to the home page' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Latest challenges' })).toBeVisible();
  await expect(page).not.toHaveTitle(/Page not found/);
});

const UNKNOWN: { path: string; says: RegExp; back: string; to: RegExp }[] = [
  { path: '/challenges/no-such-slug', says: /no challenge at this address/, back: 'Back to the challenges', to: /\/challenges$/ },
  { path: '/challenges/no-such-slug/results', says: /no challenge at this address/, back: 'Back to the challenges', to: /\/challenges$/ },
  { path: '/entries/999999', says: /no entry with this number/, back: 'Back to the challenges', to: /\/challenges$/ },
  { path: '/entries/not-a-number', says: /no entry with this number/, back: 'Back to the challenges', to: /\/challenges$/ },
  { path: '/polls/999999', says: /no poll with this number/, back: 'Back to the polls', to: /\/polls$/ },
  { path: '/polls/999999/results', says: /no poll with this number/, back: 'Back to the polls', to: /\/polls$/ },
  { path: '/u/nobody', says: /No member has this handle/, back: 'Back to the home page', to: /\/$/ },
];

for (const [size, viewport] of [
  ['phone', { width: 390, height: 844 }],
  ['desktop', { width: 1280, height: 900 }],
] as const) {
  test.describe(`at ${size} size`, () => {
    test.use({ viewport });

    for (const { path, says, back, to } of UNKNOWN) {
      test(`${path} shows the not-found pattern with a way back`, async ({ page }) => {
        await page.goto(path);
        await expectNotFound(page, 'Page not found');
        await expect(page.getByTestId('not-found')).toContainText(says);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await page.getByTestId('not-found').getByRole('link', { name: back }).click();
        await expect(page).toHaveURL(to);
      });
    }
  });
}

test.describe('in Chinese', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('atelier.locale', 'zh-TW'));
  });

  test('an unknown route says so in Chinese, tab title included', async ({ page }) => {
    await page.goto('/no/such/page');
    await expectNotFound(page, '找不到頁面');
    await expect(page.getByTestId('not-found').getByRole('link', { name: '回到首頁' })).toBeVisible();
  });

  test('an unknown entry says so in Chinese with a way back', async ({ page }) => {
    await page.goto('/entries/999999');
    await expectNotFound(page, '找不到頁面');
    await expect(page.getByTestId('not-found')).toContainText('沒有這個編號的作品');
    await page.getByTestId('not-found').getByRole('link', { name: '回到挑戰列表' }).click();
    await expect(page).toHaveURL(/\/challenges$/);
  });

  test('an unknown member says so in Chinese', async ({ page }) => {
    await page.goto('/u/nobody');
    await expectNotFound(page, '找不到頁面');
    await expect(page.getByTestId('not-found')).toContainText('沒有使用這個代稱的成員');
  });
});
