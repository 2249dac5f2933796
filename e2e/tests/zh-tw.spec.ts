import { test, expect, apiToken, createChallenge, logIn, DEMO_PASSWORD } from './fixtures';
import type { Page } from '@playwright/test';

// Traditional Chinese reads as written Chinese: full-width colons with no space
// beside them, the co-creation polls named apart from a challenge's voting phase,
// and the staff audit log in words rather than action codes.

async function useZhTw(page: Page) {
  await page.addInitScript(() => window.localStorage.setItem('atelier.locale', 'zh-TW'));
}

async function mainText(page: Page) {
  await expect(page.locator('.loading')).toHaveCount(0);
  return page.getByRole('main').innerText();
}

test('pages put no space beside a full-width colon', async ({ page }) => {
  await useZhTw(page);
  const visited: string[] = [];
  for (const path of ['/', '/challenges/taipei-dusk-palette', '/challenges/bubble-tea-packaging/results', '/polls']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const text = await mainText(page);
    expect(text, path).not.toMatch(/： | ：/);
    visited.push(path);
  }
  // An entry page: "作者：" runs straight into the name.
  await page.goto('/challenges/taipei-dusk-palette');
  await page.locator('main a[href^="/entries/"]').first().click();
  await expect(page).toHaveURL(/\/entries\/\d+/);
  const text = await mainText(page);
  expect(text).toMatch(/作者：\S/);
  expect(text).not.toMatch(/： | ：/);
  expect(visited).toHaveLength(4);
});

test('the polls nav item is not the voting badge', async ({ page }) => {
  await useZhTw(page);
  await page.goto('/');
  const nav = page.getByRole('navigation').first();
  await expect(nav.getByRole('link', { name: '共創投票' })).toBeVisible();
  await page.goto('/polls');
  await expect(page.getByRole('heading', { level: 1, name: '共創投票' })).toBeVisible();
  // The open-poll badge is not the challenge phase badge "投票中".
  await expect(page.getByRole('main').getByText('投票中', { exact: true })).toHaveCount(0);
});

test('the audit log reads in zh-TW, with links to what changed', async ({ page, request }) => {
  const staff = await apiToken(request, 'lin');
  const challenge = await createChallenge(request, staff);
  // The log-in form is driven in English; the audit page is read in zh-TW.
  await logIn(page, 'lin@demo.atelier.test', DEMO_PASSWORD);
  await useZhTw(page);
  await page.goto('/staff/audit');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: challenge.slug }) }).first();
  await expect(row.getByText('建立挑戰')).toBeVisible();
  await expect(row.getByText('挑戰', { exact: false }).first()).toBeVisible();
  await expect(row.getByRole('link', { name: challenge.slug })).toHaveAttribute('href', `/challenges/${challenge.slug}`);
  // No raw action code is shown.
  await expect(page.getByRole('main').getByText('challenge.create', { exact: true })).toHaveCount(0);
});
