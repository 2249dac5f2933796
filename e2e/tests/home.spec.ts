import { test, expect, apiToken, createChallenge } from './fixtures';

test('the home page shows the challenges the backend serves', async ({ page, request }) => {
  const response = await request.get('/api/v1/challenges');
  expect(response.ok()).toBeTruthy();
  const { items } = await response.json();
  expect(items.length).toBeGreaterThan(0);
  const site = await (await request.get('/api/v1/site')).json();

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: site.name })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: items[0].title })).toBeVisible();
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('contentinfo')).toBeVisible();
  await expect(page).toHaveTitle(/Atelier/);
});

test('the challenges page groups challenges by phase', async ({ page, request }) => {
  // One challenge of our own that is surely coming up.
  const upcoming = await createChallenge(request, await apiToken(request, 'lin'), { phase: 'upcoming' });
  await page.goto('/challenges');
  await expect(page.getByRole('heading', { level: 1, name: 'Challenges' })).toBeVisible();
  for (const name of ['Open now', 'Coming up', 'Past challenges']) {
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  }
  const section = page.getByRole('region', { name: 'Coming up' });
  await expect(section.getByRole('heading', { name: upcoming.title })).toBeVisible();
});

test('switching the language to zh-TW changes the interface and is remembered', async ({ page }) => {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Challenges' })).toBeVisible();

  await page.getByLabel('Language').selectOption('zh-TW');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
  await expect(page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '挑戰' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: '最新挑戰' })).toBeVisible();

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
  await expect(page.getByRole('heading', { level: 2, name: '最新挑戰' })).toBeVisible();

  await page.getByLabel('語言').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 2, name: 'Latest challenges' })).toBeVisible();
});

test.describe('with a Chinese browser', () => {
  test.use({ locale: 'zh-TW' });

  test('the interface starts in Traditional Chinese', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
    await expect(page.getByRole('heading', { level: 2, name: '最新挑戰' })).toBeVisible();
  });
});
