import {
  test,
  expect,
  freshUser,
  register,
  refreshCookie,
  collectCspViolations,
  REFRESH_COOKIE,
  SESSION_HINT_KEY,
} from './fixtures';
import type { Page, Request } from '@playwright/test';

const isRefresh = (request: Request) => request.url().endsWith('/api/v1/auth/refresh');

test('a rejected access token is refreshed once and the call retried', async ({ page }) => {
  const user = freshUser('retry');
  await register(page, user);
  await page.goto('/');
  await expect(page.getByRole('banner').getByTestId('current-user')).toHaveText(`@${user.handle}`);
  const before = (await refreshCookie(page))?.value;

  let rejected = 0;
  let refreshes = 0;
  page.on('request', (request) => {
    if (isRefresh(request)) refreshes += 1;
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
  // Rotation: the new refresh cookie replaced the spent one.
  await expect.poll(async () => (await refreshCookie(page))?.value).not.toBe(before);
  expect((await refreshCookie(page))?.value).toBeTruthy();
});

test('the refresh token lives in an HttpOnly cookie, never in page storage', async ({ page }) => {
  const user = freshUser('cookie');
  const registered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/register'));
  await register(page, user);
  const body = await (await registered).json();
  expect(body.access_token).toBeTruthy();
  expect(body).not.toHaveProperty('refresh_token');

  const cookie = await refreshCookie(page);
  expect(cookie).toBeDefined();
  expect(cookie!.httpOnly).toBe(true);
  expect(cookie!.secure).toBe(true);
  expect(cookie!.sameSite).toBe('Strict');
  expect(cookie!.path).toBe('/api/v1/auth');
  // Persistent, so the session survives a browser restart.
  expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000 + 86_400);

  const visible = await page.evaluate(() => ({
    cookies: document.cookie,
    storage: Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`).join('\n'),
  }));
  expect(visible.cookies).not.toContain(REFRESH_COOKIE);
  expect(visible.storage).not.toContain(cookie!.value);
  expect(visible.storage).not.toContain('refresh_token');

  // A reload restores the session from the cookie alone.
  await page.reload();
  await expect(page.getByRole('banner').getByTestId('current-user')).toHaveText(`@${user.handle}`);
  expect((await refreshCookie(page))?.value).not.toBe(cookie!.value);
});

test('a spent refresh token ends the session cleanly', async ({ page, baseURL }) => {
  const user = freshUser('spent');
  await register(page, user);
  await page.context().clearCookies();
  await page.context().addCookies([
    { name: REFRESH_COOKIE, value: 'not-a-valid-token', url: `${baseURL}/api/v1/auth/refresh` },
  ]);
  await page.reload();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Log in' })).toBeVisible();
  expect(await page.evaluate((k) => localStorage.getItem(k), SESSION_HINT_KEY)).toBeNull();
  await page.goto('/me');
  await expect(page.getByText('Please log in to see this page.')).toBeVisible();
});

test('the access token is refreshed silently before it expires', async ({ page }) => {
  await page.clock.install();
  const user = freshUser('timer');
  await register(page, user);
  const before = (await refreshCookie(page))?.value;
  let refreshes = 0;
  page.on('request', (request) => {
    if (isRefresh(request)) refreshes += 1;
  });

  // Access tokens live 15 minutes; the app refreshes about a minute ahead.
  await page.clock.fastForward('14:30');
  await expect.poll(() => refreshes).toBe(1);
  await expect.poll(async () => (await refreshCookie(page))?.value).not.toBe(before);
  await expect(page.getByRole('banner').getByTestId('current-user')).toHaveText(`@${user.handle}`);
});

test('two tabs refreshing together stay logged in, one refresh at a time', async ({ page, context }) => {
  const user = freshUser('tabs');
  await register(page, user);
  const other = await context.newPage();
  await other.goto('/');
  await expect(other.getByRole('banner').getByTestId('current-user')).toHaveText(`@${user.handle}`);

  // Every refresh from either tab: when it left, when its answer was in, and the status.
  const spans: { start: number; end: number; status: number }[] = [];
  const started = new Map<Request, number>();
  context.on('request', (r) => {
    if (isRefresh(r)) started.set(r, Date.now());
  });
  context.on('requestfinished', async (r) => {
    if (!isRefresh(r)) return;
    const end = Date.now();
    const status = (await r.response())?.status() ?? 0;
    spans.push({ start: started.get(r)!, end, status });
  });

  const tabs: Page[] = [page, other];
  for (let round = 0; round < 2; round++) {
    // Both tabs restore their session from the same cookie at the same moment.
    await Promise.all(tabs.map((p) => p.reload()));
    for (const p of tabs) {
      await expect(p.getByRole('banner').getByTestId('current-user')).toHaveText(`@${user.handle}`);
    }
  }
  await expect.poll(() => spans.length).toBe(4);
  expect(spans.map((s) => s.status)).toEqual([200, 200, 200, 200]);
  // The Web Lock lets one tab refresh at a time: no two refreshes overlap.
  const ordered = [...spans].sort((a, b) => a.start - b.start);
  for (let i = 1; i < ordered.length; i++) {
    expect(ordered[i].start).toBeGreaterThanOrEqual(ordered[i - 1].end);
  }
  // Both tabs can still make authenticated calls.
  for (const p of tabs) {
    await p.goto('/me');
    await expect(p.getByText(user.email)).toBeVisible();
  }
});

test('the Content-Security-Policy is sent and the app runs under it without violations', async ({ page, request }) => {
  const violations = await collectCspViolations(page);
  const res = await page.goto('/');
  const csp = res!.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(res!.headers()['x-content-type-options']).toBe('nosniff');
  await expect(page.getByRole('banner')).toBeVisible();

  const entries = await request.get('/api/v1/challenges/taipei-dusk-palette/entries');
  expect(entries.ok()).toBeTruthy();
  const entryId = (await entries.json()).items[0].id;

  const user = freshUser('csp');
  await register(page, user);
  for (const path of [
    '/',
    '/challenges',
    '/challenges/taipei-dusk-palette',
    `/entries/${entryId}`,
    '/polls',
    '/me',
    '/me/entries',
    '/u/lin',
  ]) {
    await page.goto(path);
    await expect(page.getByRole('main')).toBeVisible();
    await expect(page.getByRole('main').getByRole('heading').first()).toBeVisible();
  }
  // Dynamic colours still apply: they are set through the CSSOM, which the policy allows.
  await page.goto('/challenges/taipei-dusk-palette');
  const swatch = page.locator('.swatch').first();
  await expect(swatch).toBeVisible();
  await expect(swatch).toHaveCSS('background-color', 'rgb(43, 45, 66)');
  expect(violations).toEqual([]);

  // The watch is live: an inline style attribute, which the policy forbids, is caught.
  await page.evaluate(() => {
    const probe = document.createElement('div');
    probe.setAttribute('style', 'color: red');
    document.body.append(probe);
  });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(violations.join('\n')).toContain('style-src');
});
