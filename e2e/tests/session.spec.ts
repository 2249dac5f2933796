import { test, expect, freshUser, register } from './fixtures';

const REFRESH_KEY = 'atelier.refresh_token';

test('a rejected access token is refreshed once and the call retried', async ({ page }) => {
  const user = freshUser('retry');
  await register(page, user);
  await page.goto('/');
  await expect(page.getByRole('banner').getByTestId('current-user')).toHaveText(`@${user.handle}`);
  const before = await page.evaluate((k) => localStorage.getItem(k), REFRESH_KEY);

  let rejected = 0;
  let refreshes = 0;
  page.on('request', (request) => {
    if (request.url().endsWith('/api/v1/auth/refresh')) refreshes += 1;
  });
  // The server would accept the token; pretend it expired, once.
  await page.route('**/api/v1/me', async (route) => {
    if (route.request().method() === 'GET' && rejected === 0) {
      rejected += 1;
      await route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'token_expired', message: 'Access token expired' } }),
      });
    } else {
      await route.continue();
    }
  });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My profile' }).click();
  await expect(page.getByText(user.email)).toBeVisible();
  expect(rejected).toBe(1);
  await expect.poll(() => refreshes).toBe(1);
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  // Rotation: the new refresh token replaced the spent one.
  const after = await page.evaluate((k) => localStorage.getItem(k), REFRESH_KEY);
  expect(after).toBeTruthy();
  expect(after).not.toBe(before);
});

test('a spent refresh token ends the session cleanly', async ({ page }) => {
  const user = freshUser('spent');
  await register(page, user);
  await page.evaluate((k) => localStorage.setItem(k, 'not-a-valid-token'), REFRESH_KEY);
  await page.reload();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Log in' })).toBeVisible();
  expect(await page.evaluate((k) => localStorage.getItem(k), REFRESH_KEY)).toBeNull();
  await page.goto('/me');
  await expect(page.getByText('Please log in to see this page.')).toBeVisible();
});

test('the access token is refreshed silently before it expires', async ({ page }) => {
  await page.clock.install();
  const user = freshUser('timer');
  await register(page, user);
  const before = await page.evaluate((k) => localStorage.getItem(k), REFRESH_KEY);
  let refreshes = 0;
  page.on('request', (request) => {
    if (request.url().endsWith('/api/v1/auth/refresh')) refreshes += 1;
  });

  // Access tokens live 15 minutes; the app refreshes about a minute ahead.
  await page.clock.fastForward('14:30');
  await expect.poll(() => refreshes).toBe(1);
  await expect
    .poll(() => page.evaluate((k) => localStorage.getItem(k), REFRESH_KEY))
    .not.toBe(before);
  await expect(page.getByRole('banner').getByTestId('current-user')).toHaveText(`@${user.handle}`);
});
