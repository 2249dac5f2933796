// Voting on entries and co-creation polls (issue 5).
import type { APIRequestContext } from '@playwright/test';
import {
  test,
  expect,
  apiToken,
  bearer,
  createChallenge,
  DEMO_PASSWORD,
  logIn,
  setPhase,
  submitEntry,
} from './fixtures';

type Poll = { id: number; closes_at: string; options: { id: number; label: string }[] };

async function createPoll(
  request: APIRequestContext,
  staff: string,
  opts: { method?: string; maxChoices?: number; closesInMs?: number; options?: string[]; question?: string } = {},
): Promise<Poll> {
  const now = Date.now();
  const res = await request.post('/api/v1/polls', {
    headers: bearer(staff),
    data: {
      question: opts.question ?? 'What should we call the winter tea?',
      product: 'Winter tea',
      description: 'Three names from the community shortlist.',
      method: opts.method ?? 'ranked',
      max_choices: opts.maxChoices ?? null,
      eligibility: 'all_members',
      allow_change: true,
      opens_at: new Date(now - 60_000).toISOString(),
      closes_at: new Date(now + (opts.closesInMs ?? 3600_000)).toISOString(),
      options: (opts.options ?? ['Jade Lantern', 'Moon Rabbit', 'Night Market']).map((label) => ({ label })),
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

async function castBallot(request: APIRequestContext, token: string, pollId: number, choices: number[]) {
  const res = await request.put(`/api/v1/polls/${pollId}/ballot`, { headers: bearer(token), data: { choices } });
  expect(res.ok(), await res.text()).toBeTruthy();
}

test('a member rates an entry with the star control, using the keyboard', async ({ page, browser, server, request }) => {
  const staff = await apiToken(request, 'lin');
  const challenge = await createChallenge(request, staff);
  const entry = await submitEntry(request, await apiToken(request, 'hao'), challenge.slug, 'Paper moon');
  await setPhase(request, staff, challenge.slug, 'voting');

  await logIn(page, 'yuting@demo.atelier.test', DEMO_PASSWORD);
  await page.goto(`/entries/${entry.id}`);
  const vote = page.getByTestId('your-vote');
  await expect(vote).toHaveText('You have not rated this entry yet.');
  const rating = page.getByRole('radiogroup', { name: 'Your rating' });
  const star = (n: number) => rating.getByRole('radio', { name: n === 1 ? '1 star' : `${n} stars`, exact: true });
  // One tab stop for the whole group.
  await expect(rating.locator('[tabindex="0"]')).toHaveCount(1);

  await star(1).focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(star(4)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(vote).toHaveText('Your vote: 4');
  await expect(star(4)).toHaveAttribute('aria-checked', 'true');
  await expect(star(4)).toBeFocused();

  // Space chooses too; Home and End jump.
  await page.keyboard.press('ArrowLeft');
  await expect(star(3)).toBeFocused();
  await page.keyboard.press(' ');
  await expect(vote).toHaveText('Your vote: 3');
  await page.keyboard.press('End');
  await expect(star(5)).toBeFocused();
  await expect(star(3)).toHaveAttribute('aria-checked', 'true');

  // The mouse works as well, and the vote is the server's.
  await star(2).click();
  await expect(vote).toHaveText('Your vote: 2');
  const mine = await request.get(`/api/v1/entries/${entry.id}/vote`, {
    headers: bearer(await apiToken(request, 'yuting')),
  });
  expect((await mine.json()).score).toBe(2);
  await page.reload();
  await expect(page.getByTestId('your-vote')).toHaveText('Your vote: 2');
  await expect(star(2)).toHaveAttribute('tabindex', '0');

  // The author may not rate their own entry.
  const authorContext = await browser.newContext({ baseURL: server.url, locale: 'en-GB' });
  const author = await authorContext.newPage();
  await logIn(author, 'hao@demo.atelier.test', DEMO_PASSWORD);
  await author.goto(`/entries/${entry.id}`);
  await expect(author.getByText('You cannot vote on your own entry.')).toBeVisible();
  await expect(author.getByRole('radiogroup')).toHaveCount(0);
  await authorContext.close();
});

test('a member ranks a naming poll with the keyboard and sees the runoff rounds after it closes', async ({ page, request }) => {
  test.setTimeout(120_000);
  await logIn(page, 'yuting@demo.atelier.test', DEMO_PASSWORD);
  const staff = await apiToken(request, 'lin');
  const poll = await createPoll(request, staff, { closesInMs: 30_000 });
  const [jade, moon, night] = poll.options.map((o) => o.id);
  // Two other ballots; with the member's [Moon Rabbit, Jade Lantern] round 1 is a
  // three-way tie, broken by the published draw (voters saw the options shuffled, so
  // listing order decides nothing); the eliminated option's ballot decides round 2.
  await castBallot(request, await apiToken(request, 'hao'), poll.id, [jade, night]);
  await castBallot(request, await apiToken(request, 'sora'), poll.id, [night, moon]);

  await page.goto(`/polls/${poll.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'What should we call the winter tea?' })).toBeVisible();
  await expect(page.getByText('Voting closes in')).toBeVisible();
  const ranking = page.getByRole('list', { name: 'Your ranking' });
  const ranked = ranking.getByRole('listitem');

  await page.getByRole('button', { name: 'Add Jade Lantern to the ranking' }).focus();
  await page.keyboard.press('Enter');
  // Focus stays in the list being worked on: the next option's "add" button.
  const addMoon = page.getByRole('button', { name: 'Add Moon Rabbit to the ranking' });
  await expect(addMoon).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ranked).toHaveCount(2);
  await expect(ranked.nth(0)).toContainText('Jade Lantern');
  await expect(ranked.nth(1)).toContainText('Moon Rabbit');

  const moveUp = page.getByRole('button', { name: 'Move Moon Rabbit up' });
  await moveUp.focus();
  await page.keyboard.press('Enter');
  await expect(ranked.nth(0)).toContainText('Moon Rabbit');
  await expect(ranked.nth(0)).toContainText('1');
  await expect(ranked.nth(1)).toContainText('Jade Lantern');
  await expect(moveUp).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'Moon Rabbit is now number 1.' })).toBeAttached();

  await page.getByRole('button', { name: 'Cast my ballot' }).click();
  await expect(page.getByText('Your ballot has been counted.')).toBeVisible();
  const myBallot = page.getByRole('region', { name: 'Your ballot', exact: true });
  await expect(myBallot.getByRole('listitem')).toHaveText(['Moon Rabbit', 'Jade Lantern']);

  // Before the close the results are not public.
  await page.goto(`/polls/${poll.id}/results`);
  await expect(page.getByTestId('results-not-published')).toBeVisible();

  const wait = Date.parse(poll.closes_at) - Date.now() + 1_000;
  if (wait > 0) await page.waitForTimeout(wait);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: /^Results: What should we call/ })).toBeVisible();
  await expect(page.getByText('3 ballots').first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 3 })).toHaveText(['Round 1', 'Round 2']);
  const results = await (await request.get(`/api/v1/polls/${poll.id}/results`)).json();
  const label = (id: number) => poll.options.find((o) => o.id === id)!.label;
  const out = label(results.rounds[0].eliminated);
  const winner = label(results.winner);
  expect(results.rounds[0].tie_break_rule).toBe('draw');
  await expect(page.getByTestId('poll-winner')).toHaveText(`Winner: ${winner}`);

  const round1 = page.getByRole('region', { name: 'Round 1' });
  await expect(round1.locator('.bar-row.eliminated')).toContainText(out);
  await expect(round1.locator('.bar-row.eliminated')).toContainText('Eliminated');
  await expect(round1.getByText(`${out} had the fewest votes and was eliminated`)).toBeVisible();
  await expect(round1.locator('.round-tie')).toContainText('Tie for last place');
  await expect(round1.locator('.round-tie')).toContainText(results.draw_seed);
  // Every bar says its number in text.
  await expect(round1.locator('.bar-row').first()).toContainText('1 vote · 33.3%');
  const round2 = page.getByRole('region', { name: 'Round 2' });
  await expect(round2.locator('.bar-row.winner')).toContainText(winner);
  await expect(round2.locator('.bar-row.winner')).toContainText('2 votes · 66.7%');
  // The table view carries the same numbers.
  await round2.getByText('Show the numbers as a table').click();
  await expect(round2.getByRole('row', { name: new RegExp(winner) })).toContainText('2');
});

test('drag and drop builds a ranking too', async ({ page, request }) => {
  const staff = await apiToken(request, 'lin');
  const poll = await createPoll(request, staff, { question: 'Which lid for the mooncake box?', options: ['Paper', 'Tin', 'Wood'] });
  await logIn(page, 'sora@demo.atelier.test', DEMO_PASSWORD);
  await page.goto(`/polls/${poll.id}`);
  const ranking = page.getByRole('list', { name: 'Your ranking' });
  const unranked = page.getByRole('list', { name: 'Not ranked' });

  await unranked.getByRole('listitem').filter({ hasText: 'Wood' }).dragTo(ranking);
  await expect(ranking.getByRole('listitem')).toHaveCount(1);
  await unranked.getByRole('listitem').filter({ hasText: 'Paper' }).dragTo(ranking.getByRole('listitem').first());
  await expect(ranking.getByRole('listitem')).toHaveCount(2);
  await expect(ranking.getByRole('listitem').nth(0)).toContainText('Paper');
  await expect(ranking.getByRole('listitem').nth(1)).toContainText('Wood');
  await page.getByRole('button', { name: 'Cast my ballot' }).click();
  await expect(page.getByText('Your ballot has been counted.')).toBeVisible();
  const res = await request.get(`/api/v1/polls/${poll.id}`, { headers: bearer(await apiToken(request, 'sora')) });
  const labels = (await res.json()).my_ballot.map((id: number) => poll.options.find((o) => o.id === id)!.label);
  expect(labels).toEqual(['Paper', 'Wood']);
});

test('an approval ballot stops at the allowed number of choices', async ({ page, request }) => {
  const staff = await apiToken(request, 'lin');
  const poll = await createPoll(request, staff, {
    method: 'approval',
    maxChoices: 2,
    question: 'Which flavours should the winter box have?',
    options: ['Osmanthus', 'Black sesame', 'Taro'],
  });
  await logIn(page, 'hao@demo.atelier.test', DEMO_PASSWORD);
  await page.goto(`/polls/${poll.id}`);
  await expect(page.getByRole('group', { name: 'Choose up to 2' })).toBeVisible();
  await page.getByLabel('Osmanthus').check();
  await page.getByLabel('Taro').check();
  await expect(page.getByLabel('Black sesame')).toBeDisabled();
  await expect(page.getByText('2 of 2 chosen')).toBeVisible();
  await page.getByRole('button', { name: 'Cast my ballot' }).click();
  await expect(page.getByText('Your ballot has been counted.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Your ballot', exact: true }).getByRole('listitem')).toHaveText(['Osmanthus', 'Taro']);
});

test('staff create a poll through the form and export its ballots', async ({ page }) => {
  await logIn(page, 'lin@demo.atelier.test', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Polls' }).click();
  await page.getByRole('link', { name: 'New poll' }).click();
  await page.getByLabel('Question').fill('Which colour for the spring tin?');
  await page.getByLabel('Product').fill('Spring tea tin');
  await page.getByLabel('Counting method').selectOption('ranked');
  await page.getByLabel('Who may vote').selectOption('invited');
  await page.getByLabel('Option 1', { exact: true }).fill('Celadon');
  await page.getByLabel('Option 2', { exact: true }).fill('Plum');
  await page.getByRole('button', { name: 'Add an option' }).click();
  await page.getByLabel('Option 3', { exact: true }).fill('Ink');
  await page.getByRole('button', { name: 'Create poll' }).click();

  await expect(page).toHaveURL(/\/polls\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Which colour for the spring tin?' })).toBeVisible();
  await expect(page.getByText('Invited members').first()).toBeVisible();
  await expect(page.getByText('This poll has not opened yet.')).toBeVisible();

  const tools = page.getByRole('region', { name: 'Staff tools' });
  await tools.getByLabel('Handles to invite').fill('@yuting, nobody-by-this-name');
  await tools.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(tools.getByRole('status')).toContainText('Invited: yuting.');
  await expect(tools.getByRole('status')).toContainText('Unknown handles: nobody-by-this-name.');

  const downloadPromise = page.waitForEvent('download');
  await tools.getByRole('button', { name: 'Export ballots (CSV)' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^poll-\d+-ballots\.csv$/);
});
