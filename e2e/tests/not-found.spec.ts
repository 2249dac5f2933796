import { test, expect } from './fixtures';

test('an unknown route shows the not-found page with a way home', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  // The server answers with the app (SPA fallback); the app says "not found".
  expect(response?.ok()).toBeTruthy();
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page).toHaveTitle(/Page not found/);

  await page.getByRole('main').getByRole('link', { name: 'Back to the home page' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Latest challenges' })).toBeVisible();
});
