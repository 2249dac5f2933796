// Writes docs/screenshots/<name>.png: the home, challenge, entry, poll and staff
// pages at phone size (390x844) in zh-TW, from the demo data.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, logIn, DEMO_PASSWORD } from '../tests/fixtures';

const OUT = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

async function zhTw(page: Page) {
  await page.addInitScript(() => window.localStorage.setItem('atelier.locale', 'zh-TW'));
}

async function shoot(page: Page, name: string) {
  // Images and fonts settled, no spinner left.
  await page.waitForLoadState('networkidle');
  await expect(page.locator('.loading')).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
}

test.describe.configure({ mode: 'serial' });

test('member pages', async ({ page }) => {
  await zhTw(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await shoot(page, 'home');

  await page.goto('/challenges/taipei-dusk-palette');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await shoot(page, 'challenge');

  await page.locator('a[href^="/entries/"]').first().click();
  await expect(page).toHaveURL(/\/entries\/\d+/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await shoot(page, 'entry');

  await page.goto('/polls');
  await page.locator('main a[href^="/polls/"]').first().click();
  await expect(page).toHaveURL(/\/polls\/\d+/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await shoot(page, 'poll');
});

test('staff pages', async ({ page }) => {
  // The log-in helper speaks English at desktop width; the pages are shot after it
  // (init scripts run in order, so the later zh-TW one wins from then on).
  await page.addInitScript(() => window.localStorage.setItem('atelier.locale', 'en'));
  await page.setViewportSize({ width: 1280, height: 900 });
  await logIn(page, 'lin@demo.atelier.test', DEMO_PASSWORD);
  await page.setViewportSize({ width: 390, height: 844 });
  await zhTw(page);
  for (const [route, name] of [
    ['/staff/challenges', 'staff-challenges'],
    ['/staff/users', 'staff-users'],
    ['/staff/audit', 'staff-audit'],
  ] as const) {
    await page.goto(route);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await shoot(page, name);
  }
});
