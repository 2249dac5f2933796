// The creator's side of the template marketplace: an expert makes a template
// through the form (two previews and a source file, each with its own progress
// bar), submits it; staff approve it from the review queue and it is in the
// catalogue; a rejection's reason reaches the creator; the dashboard counts a
// view; staff make a member a creator and attach a template to a challenge,
// and an entry made with it says so. Phone and desktop, English and zh-TW.
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import {
  test,
  expect,
  apiToken,
  bearer,
  CAT_JPG,
  IMAGES,
  createChallenge,
  DEMO_PASSWORD,
  fitsTheWidth,
  freshUser,
  logIn,
  DESKTOP,
  PHONE,
} from './fixtures';

const SECOND_PREVIEW = path.join(IMAGES, 'png__iptc.png');
const SVG_SOURCE = {
  name: 'dieline.svg',
  mimeType: 'image/svg+xml',
  buffer: Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">' +
      '<rect x="10" y="10" width="180" height="80" fill="#2f855a"/></svg>',
  ),
};

function freshTitle(prefix: string) {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

/** Switches the UI language for the pages loaded from now on. */
async function useLocale(page: Page, tag: 'en' | 'zh-TW') {
  await page.evaluate((t) => localStorage.setItem('atelier.locale', t), tag);
}

/** axe-core's serious and critical WCAG 2.1 A/AA findings on the page as it is now. */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  expect(found, found.join('\n')).toEqual([]);
}

type Made = { id: number; title: string };

/** A template through the API: a draft with one preview and an editor link, submitted. */
async function submittedTemplate(request: APIRequestContext, token: string, title: string, extra: object = {}): Promise<Made> {
  const res = await request.post('/api/v1/templates', {
    headers: bearer(token),
    data: {
      title,
      description: 'Made by the **browser tests**.',
      category: 'packaging',
      tags: ['e2e'],
      canvas: { width: 1080, height: 1080, unit: 'px' },
      licence: 'free_personal',
      price_minor: 0,
      editor_url: 'https://example.com/editor/e2e',
      ...extra,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const made = (await res.json()) as Made;
  const preview = await request.post(`/api/v1/templates/${made.id}/previews`, {
    headers: bearer(token),
    multipart: { file: { name: 'cat.jpg', mimeType: 'image/jpeg', buffer: readFileSync(CAT_JPG) } },
  });
  expect(preview.status(), await preview.text()).toBe(201);
  const submitted = await request.post(`/api/v1/templates/${made.id}/submit`, { headers: bearer(token) });
  expect(submitted.ok(), await submitted.text()).toBeTruthy();
  return made;
}

/** A published template: submitted by `token`'s owner, approved by staff. */
async function publishedTemplate(request: APIRequestContext, token: string, title: string): Promise<Made> {
  const made = await submittedTemplate(request, token, title);
  const staff = await apiToken(request, 'lin');
  const res = await request.post(`/api/v1/staff/templates/${made.id}/review`, {
    headers: bearer(staff),
    data: { approve: true },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  return made;
}

const RUNS = [
  { name: 'desktop, English', viewport: DESKTOP, locale: 'en' as const },
  { name: 'phone, zh-TW', viewport: PHONE, locale: 'zh-TW' as const },
];

for (const run of RUNS) {
  test(`an expert makes a template through the form and staff publish it (${run.name})`, async ({ browser, request }) => {
    test.setTimeout(120_000);
    const title = freshTitle(run.locale === 'en' ? 'Eco box dieline' : '環保包裝設計模板');
    const context = await browser.newContext({ viewport: run.viewport });
    const page = await context.newPage();
    await logIn(page, 'mei@demo.atelier.test', DEMO_PASSWORD);
    await useLocale(page, run.locale);

    // From the nav (behind the menu button on a phone) to the empty form.
    await page.goto('/');
    if (run.viewport === PHONE) await page.locator('#site-menu-button').click();
    await page.locator('#site-nav a[href="/me/templates"]').click();
    await expect(page).toHaveURL(/\/me\/templates$/);
    await page.locator('main a[href="/templates/new"]').first().click();
    await expect(page).toHaveURL(/\/templates\/new$/);
    await fitsTheWidth(page);

    // Checked here first: a two-character title is refused beside its field.
    await page.locator('#template-title').fill('ab');
    await page.locator('form.creator-form button[type="submit"]').click();
    await expect(page.locator('#template-title-error')).toBeVisible();
    await expect(page.locator('#template-title')).toHaveAttribute('aria-invalid', 'true');

    await page.locator('#template-title').fill(title);
    await page.locator('#template-description').fill('A folding box for **tea**.');
    await page.locator('#template-category').selectOption('packaging');
    await page.locator('#template-tags').fill('box, eco');
    await page.locator('#template-unit').selectOption('mm');
    await page.locator('#template-canvas').fill('210');
    await page.locator('#template-height').fill('297');
    await page.locator('#template-dpi').fill('300');
    // A paid licence opens the price; a free one closes it at 0.
    await page.locator('#template-licence').selectOption('paid_single_use');
    await expect(page.locator('#template-price')).toBeEnabled();
    await page.locator('#template-licence').selectOption('free_commercial');
    await expect(page.locator('#template-price')).toBeDisabled();
    await expect(page.locator('#template-price')).toHaveValue('0');
    await page.locator('form.creator-form button[type="submit"]').click();

    // Saved as a draft, and now its edit page.
    await expect(page).toHaveURL(/\/templates\/\d+\/edit/);
    const id = Number(/\/templates\/(\d+)\/edit/.exec(page.url())![1]);
    await expect(page.getByTestId('template-status-badge')).toHaveText(run.locale === 'en' ? 'Draft' : '草稿');
    await fitsTheWidth(page);

    // Two previews at once: two progress bars, both finish, two thumbnails.
    await page.locator('#template-previews').setInputFiles([CAT_JPG, SECOND_PREVIEW]);
    const previews = page.locator('.creator-uploads').filter({ has: page.locator('#template-previews') });
    await expect(previews.getByTestId('creator-upload-progress')).toHaveCount(2);
    await expect(previews.locator('[data-testid="creator-upload"] [data-state="done"]')).toHaveCount(2, { timeout: 30_000 });
    await expect(previews.getByTestId('creator-upload-progress').first()).toHaveAttribute('value', '100');
    await expect(previews.getByTestId('creator-preview')).toHaveCount(2);

    // A source file.
    await page.locator('#template-sources').setInputFiles(SVG_SOURCE);
    const sources = page.locator('.creator-uploads').filter({ has: page.locator('#template-sources') });
    await expect(sources.getByTestId('creator-upload-progress')).toHaveCount(1);
    await expect(sources.locator('[data-state="done"]')).toHaveCount(1, { timeout: 30_000 });
    await expect(sources.getByTestId('creator-source')).toContainText('dieline.svg');

    // A file the server would refuse never leaves the browser.
    await page.locator('#template-sources').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') });
    await expect(sources.locator('.creator-upload .field-error')).toBeVisible();
    await expect(sources.getByTestId('creator-source')).toHaveCount(1);
    await fitsTheWidth(page);
    // The edit page with its thumbnails, finished uploads and a refused file.
    await expectAccessible(page);

    await page.getByTestId('template-status').locator('button:not(.danger)').first().click();
    await expect(page.getByTestId('template-status-badge')).toHaveText(run.locale === 'en' ? 'In review' : '審核中');
    await context.close();

    // Staff approve it from the queue.
    const staffContext = await browser.newContext({ viewport: run.viewport });
    const staffPage = await staffContext.newPage();
    await logIn(staffPage, 'lin@demo.atelier.test', DEMO_PASSWORD);
    await useLocale(staffPage, run.locale);
    await staffPage.goto('/staff/templates');
    const card = staffPage.locator(`.creator-tile[data-template-id="${id}"]`);
    await expect(card).toContainText(title);
    await fitsTheWidth(staffPage);
    await card.locator('.actions .button:not(.danger)').click();
    await expect(staffPage.getByRole('status').filter({ hasText: title })).toBeVisible();
    await expect(card).toHaveCount(0);

    // In the catalogue now.
    const found = await (await request.get(`/api/v1/templates?q=${encodeURIComponent(title)}`)).json();
    expect(found.items.map((t: Made) => t.id)).toContain(id);
    await staffPage.goto(`/templates?q=${encodeURIComponent(title)}`);
    await expect(staffPage.locator('main')).toContainText(title);
    await staffContext.close();
  });
}

test('a rejected template shows its creator the reason (zh-TW, phone)', async ({ page, request }) => {
  const kai = await apiToken(request, 'kai');
  const title = freshTitle('Sticker sheet');
  const made = await submittedTemplate(request, kai, title);

  // Staff must give a reason.
  await page.setViewportSize(PHONE);
  await logIn(page, 'lin@demo.atelier.test', DEMO_PASSWORD);
  await page.goto('/staff/templates');
  const card = page.locator(`.creator-tile[data-template-id="${made.id}"]`);
  await card.getByRole('button', { name: 'Reject' }).click();
  await card.getByRole('button', { name: 'Reject with this reason' }).click();
  await expect(page.locator('#template-reject-reason-error')).toBeVisible();
  await expectAccessible(page);
  await page.locator('#template-reject-reason').fill('The preview is blurry; please upload a sharper one.');
  await card.getByRole('button', { name: 'Reject with this reason' }).click();
  await expect(card).toHaveCount(0);
  await fitsTheWidth(page);

  await page.context().clearCookies();
  await page.evaluate(() => localStorage.clear());
  await logIn(page, 'kai@demo.atelier.test', DEMO_PASSWORD);
  await useLocale(page, 'zh-TW');
  await page.goto('/me/templates');
  const mine = page.locator(`.creator-tile[data-template-id="${made.id}"]`);
  await expect(mine.getByTestId('template-status-badge')).toHaveText('未通過');
  await expect(mine.getByTestId('review-reason')).toContainText('The preview is blurry');
  await expect(mine.getByTestId('review-reason')).toContainText('工作人員提供的原因：');
  await fitsTheWidth(page);
  await mine.locator('a[href$="/edit"]').first().click();
  await expect(page.getByTestId('review-reason')).toContainText('please upload a sharper one');
  await fitsTheWidth(page);
});

for (const size of [
  { name: 'phone', viewport: PHONE },
  { name: 'desktop', viewport: DESKTOP },
]) {
  test(`the dashboard counts a view (${size.name})`, async ({ page, request }) => {
    const mei = await apiToken(request, 'mei');
    const title = freshTitle('Notebook cover grid');
    const made = await publishedTemplate(request, mei, title);
    // Someone else looks at it (the creator's own views are not counted).
    const member = await apiToken(request, 'hao');
    expect((await request.get(`/api/v1/templates/${made.id}`, { headers: bearer(member) })).ok()).toBeTruthy();

    await page.setViewportSize(size.viewport);
    await logIn(page, 'mei@demo.atelier.test', DEMO_PASSWORD);
    await page.goto('/me/templates');
    await expect(page.getByTestId('activity-chart')).toBeVisible();
    await expect(page.getByTestId('activity-chart').locator('polyline')).toHaveCount(4);
    const views = Number((await page.getByTestId('total-views').locator('.creator-total-number').innerText()).replace(/,/g, ''));
    expect(views).toBeGreaterThanOrEqual(1);
    const row = page.getByTestId('template-stats-rows').locator('tr', { hasText: title });
    await expect(row.locator('td').nth(1)).toHaveText('1');
    // The numbers behind the chart, as a table.
    await page.getByTestId('activity-chart').locator('summary').click();
    await expect(page.getByTestId('activity-chart').locator('table tbody tr').first()).toBeVisible();
    // Another period asks again.
    await page.locator('#dashboard-period').selectOption('7');
    await expect(page.getByTestId('activity-chart').locator('table tbody tr')).toHaveCount(7);
    await fitsTheWidth(page);
  });
}

test('staff make a member a creator from the users page', async ({ page, request }) => {
  const user = freshUser('maker');
  const reg = await request.post('/api/v1/auth/register', {
    data: { email: user.email, handle: user.handle, display_name: user.displayName, password: user.password },
  });
  expect(reg.ok(), await reg.text()).toBeTruthy();
  const before = await (await request.post('/api/v1/auth/login', { data: { email: user.email, password: user.password } })).json();
  expect(before.user.can_publish_templates).toBe(false);

  await page.setViewportSize(PHONE);
  await logIn(page, 'lin@demo.atelier.test', DEMO_PASSWORD);
  await page.goto('/staff/users');
  await page.locator('#user-search').fill(user.handle);
  await page.locator('form.search-form button[type="submit"]').click();
  const toggle = page.getByRole('button', { name: `Creator: @${user.handle}` });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await fitsTheWidth(page);

  const after = await (await request.post('/api/v1/auth/login', { data: { email: user.email, password: user.password } })).json();
  expect(after.user.can_publish_templates).toBe(true);
});

test('a template attached to a challenge is picked for an entry, which names it', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const staff = await apiToken(request, 'lin');
  const challenge = await createChallenge(request, staff);
  const mei = await apiToken(request, 'mei');
  const title = freshTitle('Tea tin wrap');
  const made = await publishedTemplate(request, mei, title);

  // Staff find it and attach it in the challenge form.
  const staffContext = await browser.newContext({ viewport: DESKTOP });
  const staffPage = await staffContext.newPage();
  await logIn(staffPage, 'lin@demo.atelier.test', DEMO_PASSWORD);
  await staffPage.goto(`/staff/challenges/${challenge.slug}/edit`);
  const panel = staffPage.locator('.creator-attach');
  await panel.locator('#attach-search').fill(title);
  await panel.locator('form.search-form button[type="submit"]').click();
  await panel.getByRole('button', { name: `Attach ${title}` }).click();
  await expect(panel.getByTestId('attached-template')).toContainText(title);
  await panel.getByRole('button', { name: 'Save attached templates' }).click();
  await expect(panel.getByRole('status')).toBeVisible();
  await staffContext.close();

  // A member sees it on the challenge and names it with their entry.
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await logIn(page, 'yuting@demo.atelier.test', DEMO_PASSWORD);
  await page.goto(`/challenges/${challenge.slug}`);
  const cards = page.getByTestId('challenge-templates');
  await expect(cards.locator(`.creator-tile[data-template-id="${made.id}"]`)).toContainText(title);
  await page.locator('#entry-file').setInputFiles(CAT_JPG);
  await expect(page.getByTestId('entry-preview')).toBeVisible();
  await page.locator('#entry-title').fill('Wrapped in tea');
  await page.locator('#entry-template').selectOption(String(made.id));
  await fitsTheWidth(page);
  await page.locator('form.entry-form button[type="submit"]').click();
  await page.locator('.status-message a[href^="/entries/"]').click();
  const madeWith = page.getByTestId('made-with');
  await expect(madeWith).toContainText(title);
  await expect(madeWith.locator('a')).toHaveAttribute('href', `/templates/${made.id}`);
  await fitsTheWidth(page);
  await context.close();
});
