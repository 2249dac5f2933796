// Results people can see and voting basics (issue 10, items 5 and 7), at desktop and
// phone sizes: winners first with badges in a finished gallery, the placement on an
// entry page, previous / next in the gallery's order, the "voted" marker and clearing
// a vote, entries that cannot be withdrawn once voting has started, the ranking
// explained, and uploaded covers on the challenge cards.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import {
  test,
  expect,
  apiToken,
  bearer,
  CAT_JPG,
  createChallenge,
  DEMO_PASSWORD,
  freshSlug,
  logIn,
  setPhase,
  submitEntry,
  SIZES,
  DESKTOP,
  PHONE,
} from './fixtures';


/** Logs in at desktop size (the header is the same everywhere), then takes `viewport`. */
async function logInAt(page: Page, who: string, viewport: { width: number; height: number }) {
  await page.setViewportSize(DESKTOP);
  await logIn(page, `${who}@demo.atelier.test`, DEMO_PASSWORD);
  await page.setViewportSize(viewport);
}

async function vote(request: APIRequestContext, token: string, entry: number, score: number) {
  const res = await request.put(`/api/v1/entries/${entry}/vote`, { headers: bearer(token), data: { score } });
  expect(res.ok(), await res.text()).toBeTruthy();
}

/**
 * A finished challenge with three entries (by hao, sora and yuting, in that order):
 * staff picked sora's first and hao's second; yuting's did not win.
 */
async function finishedChallenge(request: APIRequestContext) {
  const staff = await apiToken(request, 'lin');
  const challenge = await createChallenge(request, staff);
  const [hao, sora, yuting] = await Promise.all(['hao', 'sora', 'yuting'].map((w) => apiToken(request, w)));
  const a = await submitEntry(request, hao, challenge.slug, 'Harbour at dusk');
  const b = await submitEntry(request, sora, challenge.slug, 'Paper cranes');
  const c = await submitEntry(request, yuting, challenge.slug, 'Night market');
  await setPhase(request, staff, challenge.slug, 'voting');
  await vote(request, hao, b.id, 5);
  await vote(request, yuting, b.id, 4);
  await vote(request, sora, a.id, 3);
  await setPhase(request, staff, challenge.slug, 'closed');
  const res = await request.put(`/api/v1/challenges/${challenge.slug}/winners`, {
    headers: bearer(staff),
    data: { entries: [b.id, a.id], reason: 'jury decision in the browser tests' },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  await setPhase(request, staff, challenge.slug, 'results');
  return { challenge, first: b, second: a, other: c };
}

for (const size of SIZES) {
  test.describe(`at ${size.name} size`, () => {
    test.use({ viewport: size.viewport });

    test('a finished gallery shows the winners first with badges, and entries their placement', async ({ page, request }) => {
      const { challenge, first, second, other } = await finishedChallenge(request);
      await page.goto(`/challenges/${challenge.slug}`);
      const tiles = page.locator('.entry-grid .entry-tile');
      await expect(tiles).toHaveCount(3);
      await expect(tiles.nth(0)).toHaveAttribute('data-entry-id', String(first.id));
      await expect(tiles.nth(0).getByTestId('winner-badge')).toHaveText(/1st place/);
      await expect(tiles.nth(1)).toHaveAttribute('data-entry-id', String(second.id));
      await expect(tiles.nth(1).getByTestId('winner-badge')).toHaveText(/2nd place/);
      await expect(tiles.nth(2)).toHaveAttribute('data-entry-id', String(other.id));
      await expect(tiles.nth(2).getByTestId('winner-badge')).toHaveCount(0);

      // The entry page says where it finished.
      await tiles.nth(0).getByRole('link', { name: 'Paper cranes', exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/entries/${first.id}`));
      const placement = page.getByTestId('placement');
      await expect(placement.getByTestId('winner-badge')).toHaveText(/1st place/);
      await expect(placement.getByTestId('placement-rank')).toHaveText('Ranked 1 of 3');
      await page.goto(`/entries/${other.id}`);
      await expect(page.getByTestId('placement-rank')).toHaveText(/Ranked \d of 3/);
      await expect(page.getByTestId('placement').getByTestId('winner-badge')).toHaveCount(0);

      // The results page explains the score in plain words.
      await page.goto(`/challenges/${challenge.slug}/results`);
      const explained = page.getByTestId('ranking-explained');
      await expect(explained.getByRole('heading', { name: 'How the score is computed' })).toBeVisible();
      await expect(explained).toContainText('(5 × challenge average + sum of the entry\'s stars) ÷ (5 + number of votes)');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });

    test('previous and next follow the gallery order', async ({ page, request }) => {
      const { challenge, first, second, other } = await finishedChallenge(request);
      await page.goto(`/challenges/${challenge.slug}`);
      await expect(page.locator('.entry-grid .entry-tile')).toHaveCount(3);
      await page.locator(`.entry-tile[data-entry-id="${first.id}"]`).getByRole('link', { name: 'Paper cranes', exact: true }).click();
      await expect(page.getByTestId('entry-position')).toHaveText('1 of 3');
      await expect(page.getByTestId('previous-entry')).toHaveCount(0);
      await page.getByTestId('next-entry').click();
      await expect(page).toHaveURL(new RegExp(`/entries/${second.id}`));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Harbour at dusk');
      await expect(page.getByTestId('entry-position')).toHaveText('2 of 3');
      await page.getByTestId('next-entry').click();
      await expect(page).toHaveURL(new RegExp(`/entries/${other.id}`));
      await expect(page.getByTestId('next-entry')).toHaveCount(0);
      await page.getByTestId('previous-entry').click();
      await expect(page).toHaveURL(new RegExp(`/entries/${second.id}`));

      // The ranked gallery passes its order along.
      await page.goto(`/challenges/${challenge.slug}`);
      await page.getByLabel('Sort by').selectOption('rank');
      const ranked = page.locator('.entry-grid .entry-tile');
      await expect(ranked).toHaveCount(3);
      const lastId = await ranked.nth(2).getAttribute('data-entry-id');
      await ranked.nth(2).locator('.entry-title a').click();
      await expect(page).toHaveURL(new RegExp(`/entries/${lastId}\\?sort=rank`));
      await expect(page.getByTestId('entry-position')).toHaveText('3 of 3');
      await expect(page.getByTestId('next-entry')).toHaveCount(0);
    });

    test('cards mark the entries a member voted on, and a vote can be cleared', async ({ page, request }) => {
      const staff = await apiToken(request, 'lin');
      const challenge = await createChallenge(request, staff);
      const voted = await submitEntry(request, await apiToken(request, 'hao'), challenge.slug, 'Tea terraces');
      const notVoted = await submitEntry(request, await apiToken(request, 'yuting'), challenge.slug, 'Rain on tin');
      await setPhase(request, staff, challenge.slug, 'voting');
      await vote(request, await apiToken(request, 'sora'), voted.id, 4);

      await logInAt(page, 'sora', size.viewport);
      await page.goto(`/challenges/${challenge.slug}`);
      const card = page.locator(`.entry-tile[data-entry-id="${voted.id}"]`);
      await expect(card.getByTestId('voted-marker')).toHaveText('Voted 4 ★');
      await expect(page.locator(`.entry-tile[data-entry-id="${notVoted.id}"]`).getByTestId('voted-marker')).toHaveCount(0);

      await card.locator('.entry-title a').click();
      await expect(page.getByTestId('your-vote')).toHaveText('Your vote: 4');
      await page.getByTestId('clear-vote').click();
      await expect(page.getByTestId('your-vote')).toHaveText('You have not rated this entry yet.');
      await expect(page.getByRole('status').filter({ hasText: 'Your vote has been cleared.' })).toBeVisible();
      await expect(page.getByTestId('clear-vote')).toHaveCount(0);
      const mine = await (await request.get(`/api/v1/entries/${voted.id}/vote`, { headers: bearer(await apiToken(request, 'sora')) })).json();
      expect(mine.score).toBeNull();

      await page.goto(`/challenges/${challenge.slug}`);
      await expect(page.locator('.entry-grid .entry-tile')).toHaveCount(2);
      await expect(page.getByTestId('voted-marker')).toHaveCount(0);
    });

    test('an author cannot withdraw once voting has started, and is told why', async ({ page, browser, request }) => {
      const staff = await apiToken(request, 'lin');
      const challenge = await createChallenge(request, staff);
      const entry = await submitEntry(request, await apiToken(request, 'hao'), challenge.slug, 'Lantern boats');
      await logInAt(page, 'hao', size.viewport);
      await page.goto(`/entries/${entry.id}`);
      await expect(page.getByRole('button', { name: 'Withdraw entry' })).toBeVisible();
      await expect(page.getByTestId('withdraw-note')).toHaveText('You can withdraw this entry until voting starts.');

      await setPhase(request, staff, challenge.slug, 'voting');
      await page.reload();
      await expect(page.getByRole('heading', { name: 'Edit your entry' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Withdraw entry' })).toHaveCount(0);
      await expect(page.getByTestId('withdraw-note')).toContainText('can no longer be withdrawn');
      const res = await request.delete(`/api/v1/entries/${entry.id}`, { headers: bearer(await apiToken(request, 'hao')) });
      expect(res.status()).toBe(409);
      expect((await res.json()).error.code).toBe('withdraw_closed');

      // Staff may still take it out from the entry page, and the author sees their reason.
      const staffContext = await browser.newContext({ viewport: DESKTOP });
      const staffPage = await staffContext.newPage();
      await logIn(staffPage, 'lin@demo.atelier.test', DEMO_PASSWORD);
      await staffPage.setViewportSize(size.viewport);
      await staffPage.goto(`/entries/${entry.id}`);
      staffPage.on('dialog', (dialog) => dialog.accept());
      const form = staffPage.getByRole('region', { name: 'Disqualify this entry' });
      await form.getByLabel('Reason').fill('The image is a photograph, not a drawing.');
      await form.getByRole('button', { name: 'Disqualify' }).click();
      await expect(staffPage.getByRole('status').filter({ hasText: 'The entry has been disqualified.' })).toBeVisible();
      await expect(staffPage.getByTestId('entry-status')).toHaveText('Disqualified');
      await staffContext.close();
      await page.reload();
      await expect(page.getByTestId('entry-status')).toHaveText('Disqualified');
      await expect(page.getByTestId('status-reason')).toHaveText('Reason given by the staff: The image is a photograph, not a drawing.');
      await page.goto('/me/entries');
      await expect(page.getByTestId('status-reason').first()).toContainText('The image is a photograph, not a drawing.');
    });

    test('challenge cards show their uploaded cover', async ({ page, request }) => {
      const staff = await apiToken(request, 'lin');
      // Opening far in the future makes it the newest, so the home page lists it too.
      const slug = freshSlug('cover');
      const day = 24 * 3600_000;
      const t0 = Date.now() + 400 * day;
      const iso = (ms: number) => new Date(ms).toISOString();
      const created = await request.post('/api/v1/challenges', {
        headers: bearer(staff),
        data: {
          slug,
          title: `Covered ${slug}`,
          brief: 'A challenge with a cover.',
          theme: 'topic',
          status: 'published',
          submissions_open_at: iso(t0),
          voting_open_at: iso(t0 + day),
          voting_close_at: iso(t0 + 2 * day),
          results_at: iso(t0 + 3 * day),
        },
      });
      expect(created.status(), await created.text()).toBe(201);
      const upload = await request.put(`/api/v1/challenges/${slug}/cover`, {
        headers: bearer(staff),
        multipart: { file: { name: path.basename(CAT_JPG), mimeType: 'image/jpeg', buffer: readFileSync(CAT_JPG) } },
      });
      expect(upload.status(), await upload.text()).toBe(200);
      const list = await (await request.get('/api/v1/challenges')).json();
      const coverUrl = list.items.find((c: { slug: string }) => c.slug === slug).cover_url;
      expect(coverUrl).toMatch(/^\/api\/v1\/media\/covers\//);

      for (const where of ['/challenges', '/']) {
        await page.goto(where);
        const card = page.locator(`.challenge-card[data-slug="${slug}"]`);
        const cover = card.getByTestId('challenge-cover');
        await expect(cover).toHaveAttribute('src', coverUrl);
        // Covers load lazily: on a phone the card may start below the fold.
        await card.scrollIntoViewIfNeeded();
        await expect(cover).toBeVisible();
        await expect.poll(() => cover.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
      }
    });
  });
}

test.describe('in zh-TW', () => {
  test.use({ locale: 'zh-TW', viewport: PHONE });

  test('badges, placement and the ranking explanation read in Chinese', async ({ page, request }) => {
    const { challenge, first } = await finishedChallenge(request);
    await page.goto(`/challenges/${challenge.slug}`);
    await expect(page.locator('.entry-grid .entry-tile').first().getByTestId('winner-badge')).toHaveText(/第 1 名/);
    await page.goto(`/entries/${first.id}`);
    await expect(page.getByTestId('placement-rank')).toHaveText('排名第 1（共 3 件）');
    await expect(page.getByTestId('entry-position')).toHaveText('第 1 件，共 3 件');
    await page.goto(`/challenges/${challenge.slug}/results`);
    await expect(page.getByRole('heading', { name: '分數如何計算' })).toBeVisible();
  });
});
