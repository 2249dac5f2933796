// Poll ties (issue 10, item 6): a tie is shown as a tie with the rule that broke it;
// staff following an open poll see who is leading, not a winner. At phone and
// desktop sizes, in English and zh-TW.
import type { APIRequestContext } from '@playwright/test';
import { test, expect, apiToken, bearer, DEMO_PASSWORD, logIn, SIZES, fitsTheWidth } from './fixtures';

type Poll = { id: number; closes_at: string; options: { id: number; label: string }[] };


async function tiedPoll(request: APIRequestContext, question: string, closesInMs: number): Promise<Poll> {
  const staff = await apiToken(request, 'lin');
  const now = Date.now();
  const res = await request.post('/api/v1/polls', {
    headers: bearer(staff),
    data: {
      question,
      product: 'Mango tea',
      description: '',
      method: 'single',
      eligibility: 'all_members',
      allow_change: true,
      opens_at: new Date(now - 60_000).toISOString(),
      closes_at: new Date(now + closesInMs).toISOString(),
      options: ['Mango Mist', 'Sunset Pulp', 'Golden Hour'].map((label) => ({ label })),
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const poll: Poll = await res.json();
  const [mist, pulp] = poll.options.map((o) => o.id);
  // One vote each for the first two: a tie for the win.
  for (const [who, choice] of [
    ['hao', mist],
    ['sora', pulp],
  ] as const) {
    const cast = await request.put(`/api/v1/polls/${poll.id}/ballot`, {
      headers: bearer(await apiToken(request, who)),
      data: { choices: [choice] },
    });
    expect(cast.ok(), await cast.text()).toBeTruthy();
  }
  return poll;
}


for (const size of SIZES) {
  test.describe(`at ${size.name} size`, () => {
    test.use({ viewport: size.viewport });

    test('staff see an open tied poll as leading, and everyone sees the tie and its rule once it closes', async ({
      page,
      request,
    }) => {
      test.setTimeout(120_000);
      const poll = await tiedPoll(request, `Which name for the mango tea (${size.name})?`, 25_000);
      await logIn(page, 'lin@demo.atelier.test', DEMO_PASSWORD);
      await page.goto(`/polls/${poll.id}/results`);
      const banner = page.getByTestId('poll-winner');
      await expect(banner).toHaveAttribute('data-state', 'leading');
      await expect(banner).toHaveText(/^Leading: (Mango Mist|Sunset Pulp)$/);
      await expect(page.getByText('Winner:')).toHaveCount(0);
      await expect(page.getByTestId('poll-live')).toBeVisible();
      const tie = page.getByTestId('poll-tie');
      await expect(tie).toContainText('Tied for the lead: “Mango Mist”, “Sunset Pulp”.');
      await expect(tie).toHaveAttribute('data-tie-break', 'draw');
      await fitsTheWidth(page);

      const wait = Date.parse(poll.closes_at) - Date.now() + 1_000;
      if (wait > 0) await page.waitForTimeout(wait);
      const results = await (await request.get(`/api/v1/polls/${poll.id}/results`)).json();
      expect(results.tied).toBe(true);
      expect(results.tie_break).toBe('draw');
      const winner = poll.options.find((o) => o.id === results.winner)!.label;

      // A member (or anyone) after the close: the winner, the tie and how it was broken.
      await page.context().clearCookies();
      await page.goto(`/polls/${poll.id}/results`);
      await expect(banner).toHaveAttribute('data-state', 'winner');
      await expect(banner).toHaveText(`Winner: ${winner}`);
      await expect(tie).toContainText('Tie: “Mango Mist”, “Sunset Pulp” had the same number of votes.');
      await expect(tie).toContainText(`The tie was broken in favour of ${winner}: a reproducible draw.`);
      await expect(tie).toContainText(results.draw_seed);
      await expect(page.getByText('listed first')).toHaveCount(0);
      await fitsTheWidth(page);

      // The same in zh-TW.
      await page.getByLabel('Language').selectOption('zh-TW');
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
      await expect(tie).toContainText('同票：“Mango Mist”、“Sunset Pulp” 得票數相同。');
      await expect(tie).toContainText('可重現的抽籤');
      await expect(banner).toHaveText(`勝出：${winner}`);
      await fitsTheWidth(page);
    });
  });
}

test('a poll without a tie shows no tie notice', async ({ page, request }) => {
  test.setTimeout(60_000);
  const poll = await tiedPoll(request, 'Which name for the autumn tea?', 60_000);
  // A third ballot breaks the tie.
  const cast = await request.put(`/api/v1/polls/${poll.id}/ballot`, {
    headers: bearer(await apiToken(request, 'yuting')),
    data: { choices: [poll.options[0].id] },
  });
  expect(cast.ok(), await cast.text()).toBeTruthy();
  await logIn(page, 'lin@demo.atelier.test', DEMO_PASSWORD);
  await page.goto(`/polls/${poll.id}/results`);
  await expect(page.getByTestId('poll-winner')).toHaveText('Leading: Mango Mist');
  await expect(page.getByTestId('poll-tie')).toHaveCount(0);
});
