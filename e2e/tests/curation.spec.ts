// Staff curation: winners, near-duplicates and vote-integrity flags.
import path from 'node:path';
import {
  test,
  expect,
  apiToken,
  bearer,
  CAT_JPG,
  createChallenge,
  DEMO_PASSWORD,
  freshUser,
  IMAGES,
  logIn,
  setPhase,
  submitEntry,
} from './fixtures';

const OTHER_JPG = path.join(IMAGES, 'jpg__progressive__3.jpg');

test('staff pick the winners from the ranking once voting has closed', async ({ page, browser, server, request }) => {
  const staff = await apiToken(request, 'lin');
  const challenge = await createChallenge(request, staff);
  const red = await submitEntry(request, await apiToken(request, 'hao'), challenge.slug, 'Red lantern', CAT_JPG);
  const blue = await submitEntry(request, await apiToken(request, 'sora'), challenge.slug, 'Blue lantern', OTHER_JPG);
  await setPhase(request, staff, challenge.slug, 'voting');
  const voter = await apiToken(request, 'yuting');
  for (const [entry, score] of [[red, 5], [blue, 2]] as const) {
    const res = await request.put(`/api/v1/entries/${entry.id}/vote`, { headers: bearer(voter), data: { score } });
    expect(res.ok(), await res.text()).toBeTruthy();
  }
  await setPhase(request, staff, challenge.slug, 'closed');

  // Members are told when the results come.
  const memberContext = await browser.newContext({ baseURL: server.url, locale: 'en-GB' });
  const member = await memberContext.newPage();
  await logIn(member, 'yuting@demo.atelier.test', DEMO_PASSWORD);
  await member.goto(`/challenges/${challenge.slug}/results`);
  await expect(member.getByTestId('results-not-published')).toContainText('The results are not out yet.');
  await memberContext.close();

  await logIn(page, 'lin@demo.atelier.test', DEMO_PASSWORD);
  await page.goto(`/challenges/${challenge.slug}/results`);
  await expect(page.getByText('Staff preview: these results are not public yet.')).toBeVisible();
  const rows = page.locator('.ranking-table tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Red lantern');
  await expect(rows.nth(0)).toContainText('5.00');

  const pick = page.getByRole('region', { name: 'Pick the winners' });
  await pick.getByRole('button', { name: /^Add Red lantern/ }).click();
  await pick.getByRole('button', { name: /^Add Blue lantern/ }).click();
  await pick.getByRole('button', { name: /^Move Blue lantern .* up$/ }).click();
  await pick.getByLabel('Reason').fill('The jury preferred the blue one.');
  await pick.getByRole('button', { name: 'Save winners' }).click();
  await expect(pick.getByRole('status').filter({ hasText: 'The winners have been saved.' })).toBeVisible();

  const winners = page.getByRole('region', { name: 'Winners', exact: true });
  await expect(winners.getByRole('listitem')).toHaveCount(2);
  await expect(winners.getByRole('listitem').nth(0)).toContainText('1st place');
  await expect(winners.getByRole('listitem').nth(0)).toContainText('Blue lantern');
  await expect(winners.getByRole('listitem').nth(1)).toContainText('2nd place');
});

test('staff review a suspected duplicate and disqualify it', async ({ page, request }) => {
  const staff = await apiToken(request, 'lin');
  const challenge = await createChallenge(request, staff);
  // The same picture again is a near-duplicate of whichever copy came first.
  await submitEntry(request, await apiToken(request, 'hao'), challenge.slug, 'A cat', CAT_JPG);
  const copy = await submitEntry(request, await apiToken(request, 'sora'), challenge.slug, 'The same cat', CAT_JPG);

  await logIn(page, 'lin@demo.atelier.test', DEMO_PASSWORD);
  await page.goto(`/entries/${copy.id}`);
  await expect(page.getByText('Suspected near-duplicate of:')).toBeVisible();
  await page.getByRole('link', { name: 'Review suspected duplicates' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Suspected duplicates' })).toBeVisible();

  const card = page.getByRole('article', { name: `Suspected duplicate: entry ${copy.id}` });
  await expect(card.getByText('Image difference: 0 of 64')).toBeVisible();
  await expect(card.getByRole('img')).toHaveCount(2);
  await card.getByLabel('Reason').fill('A copy of an earlier entry.');
  await card.getByRole('button', { name: 'Disqualify' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The entry has been disqualified.' })).toBeVisible();
  await expect(card).toHaveCount(0);

  await page.goto(`/entries/${copy.id}`);
  await expect(page.getByTestId('entry-status')).toHaveText('Disqualified');
});

test('staff review a vote-integrity flag', async ({ page, request }) => {
  const staff = await apiToken(request, 'lin');
  const challenge = await createChallenge(request, staff);
  const entry = await submitEntry(request, await apiToken(request, 'hao'), challenge.slug, 'Popular lantern', OTHER_JPG);
  await setPhase(request, staff, challenge.slug, 'voting');
  // Five new accounts voting from one address raise a "shared IP" flag.
  for (let i = 0; i < 5; i++) {
    const user = freshUser(`flag${i}`);
    const reg = await request.post('/api/v1/auth/register', {
      data: { email: user.email, handle: user.handle, display_name: user.displayName, password: user.password },
    });
    expect(reg.ok(), await reg.text()).toBeTruthy();
    const token = (await reg.json()).access_token;
    const res = await request.put(`/api/v1/entries/${entry.id}/vote`, { headers: bearer(token), data: { score: 5 } });
    expect(res.ok(), await res.text()).toBeTruthy();
  }

  await logIn(page, 'lin@demo.atelier.test', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Vote flags' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Vote integrity flags' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: `challenge:${challenge.slug}` }).first();
  await expect(row).toContainText('Many accounts from one address');
  await row.getByLabel('Resolution').fill('Office network; votes are genuine.');
  await row.getByRole('button', { name: 'Mark reviewed' }).click();
  const reviewed = page.getByRole('row').filter({ hasText: 'Office network; votes are genuine.' });
  await expect(reviewed).toContainText('Reviewed');
});
