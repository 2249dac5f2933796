// axe-core on every page of the app (every route in frontend/src/app.rs), in English
// and in Traditional Chinese, at desktop and phone sizes, as a visitor, a member and
// staff: no serious or critical violations of WCAG 2.1 A and AA.
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext } from '@playwright/test';
import { test, expect, logIn, DEMO_PASSWORD, type Page, SIZES } from './fixtures';
import { marketDemo } from './market-helpers';

type Who = 'visitor' | 'member' | 'staff' | 'admin';

const LOGINS: Record<Exclude<Who, 'visitor'>, string> = {
  member: 'yuting@demo.atelier.test',
  staff: 'lin@demo.atelier.test',
  // Admins hold the finance permission.
  admin: 'ada@demo.atelier.test',
};

/** Demo content the pages are shown with. */
type Demo = {
  submitting: string;
  voting: string;
  finished: string;
  entry: number;
  votingEntry: number;
  openPoll: number;
  closedPoll: number;
  /** A paid template and the member's pending order for it. */
  market: { template: number; order: number };
  /** This month (`YYYY-MM`, Taipei), for a statement page. */
  month: string;
};

async function demo(request: APIRequestContext): Promise<Demo> {
  const challenges = (await (await request.get('/api/v1/challenges')).json()).items as { slug: string; phase: string }[];
  const slugOf = (phase: string) => {
    const c = challenges.find((c) => c.phase === phase);
    expect(c, `a demo challenge in its ${phase} phase`).toBeTruthy();
    return c!.slug;
  };
  const firstEntry = async (slug: string) => {
    const page = await (await request.get(`/api/v1/challenges/${slug}/entries`)).json();
    expect(page.items.length, `entries in ${slug}`).toBeGreaterThan(0);
    return page.items[0].id as number;
  };
  const polls = (await (await request.get('/api/v1/polls')).json()).items as { id: number; state: string }[];
  const pollIn = (state: string) => {
    const p = polls.find((p) => p.state === state);
    expect(p, `a demo poll that is ${state}`).toBeTruthy();
    return p!.id;
  };
  const finished = slugOf('results');
  const voting = slugOf('voting');
  return {
    submitting: slugOf('submissions'),
    voting,
    finished,
    entry: await firstEntry(finished),
    votingEntry: await firstEntry(voting),
    openPoll: pollIn('open'),
    closedPoll: pollIn('closed'),
    market: await marketDemo(request),
    month: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7),
  };
}

/** Every route, with who sees it best. */
function pages(d: Demo): { who: Who; path: string }[] {
  return [
    { who: 'visitor', path: '/' },
    { who: 'visitor', path: '/challenges' },
    { who: 'visitor', path: `/challenges/${d.submitting}` },
    { who: 'visitor', path: `/challenges/${d.finished}` },
    { who: 'visitor', path: `/challenges/${d.finished}/results` },
    { who: 'visitor', path: `/entries/${d.entry}` },
    { who: 'visitor', path: '/polls' },
    { who: 'visitor', path: `/polls/${d.openPoll}` },
    { who: 'visitor', path: `/polls/${d.closedPoll}/results` },
    { who: 'visitor', path: '/login' },
    { who: 'visitor', path: '/register' },
    { who: 'visitor', path: '/verify-email' },
    { who: 'visitor', path: '/u/mei' },
    { who: 'visitor', path: '/no/such/page' },
    { who: 'visitor', path: '/entries/999999' },
    { who: 'member', path: '/' },
    { who: 'member', path: `/challenges/${d.submitting}` },
    { who: 'member', path: `/challenges/${d.voting}` },
    { who: 'member', path: `/entries/${d.votingEntry}` },
    { who: 'member', path: `/polls/${d.openPoll}` },
    { who: 'member', path: '/me' },
    { who: 'member', path: '/me/entries' },
    { who: 'member', path: '/expert' },
    { who: 'staff', path: `/challenges/${d.finished}/results` },
    { who: 'staff', path: `/polls/${d.openPoll}` },
    { who: 'staff', path: `/polls/${d.closedPoll}/results` },
    { who: 'staff', path: '/staff/applications' },
    { who: 'staff', path: '/staff/users' },
    { who: 'staff', path: '/staff/audit' },
    { who: 'staff', path: '/staff/challenges' },
    { who: 'staff', path: '/staff/challenges/new' },
    { who: 'staff', path: `/staff/challenges/${d.submitting}/edit` },
    { who: 'staff', path: '/staff/duplicates' },
    { who: 'staff', path: '/staff/vote-flags' },
    { who: 'staff', path: '/staff/polls/new' },
    // The template marketplace.
    { who: 'visitor', path: '/templates' },
    { who: 'visitor', path: '/templates?q=poster&category=poster' },
    { who: 'visitor', path: `/templates/${d.market.template}` },
    { who: 'visitor', path: '/templates/999999' },
    { who: 'member', path: `/templates/${d.market.template}` },
    { who: 'member', path: `/orders/${d.market.order}` },
    { who: 'member', path: '/me/library' },
    { who: 'staff', path: `/templates/${d.market.template}` },
    // The creator's side of the marketplace (staff may publish templates too).
    { who: 'member', path: '/me/templates' },
    { who: 'staff', path: '/templates/new' },
    { who: 'staff', path: '/me/templates' },
    { who: 'staff', path: '/staff/templates' },
    // Creator revenue share: a creator's earnings (staff may publish templates), and
    // the finance pages (admins; staff without the permission get the forbidden state).
    { who: 'member', path: '/me/earnings' },
    { who: 'staff', path: '/me/earnings' },
    { who: 'staff', path: '/me/earnings/payout' },
    { who: 'staff', path: '/me/earnings/statements' },
    { who: 'staff', path: `/me/earnings/statements/${d.month}` },
    { who: 'staff', path: `/me/earnings/tax/${d.month.slice(0, 4)}` },
    { who: 'staff', path: '/finance' },
    { who: 'admin', path: '/finance' },
    { who: 'admin', path: '/finance/payouts' },
    { who: 'admin', path: '/finance/products' },
    { who: 'admin', path: '/finance/sales' },
    { who: 'admin', path: `/finance/templates/${d.market.template}/agreement` },
    { who: 'admin', path: `/staff/challenges/${d.submitting}/edit` },
    { who: 'admin', path: `/challenges/${d.finished}/results` },
  ];
}

/** Waits until the page has its heading and nothing is loading any more. */
async function settled(page: Page) {
  await expect(page.locator('main h1').first()).toBeVisible();
  await expect(page.locator('main .loading')).toHaveCount(0);
  // Let images and late effects (titles, focus) land.
  await page.waitForLoadState('networkidle');
}

/** Serious and critical violations on the page as it is now, one line each. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}): ${n.target.join(' ')} ${n.failureSummary?.split('\n').slice(1).join(' ') ?? ''}`),
    );
}


for (const locale of ['en', 'zh-TW'] as const) {
  for (const size of SIZES) for (const who of ['visitor', 'member', 'staff', 'admin'] as const) {
    test(`every ${who} page has no serious accessibility violations (${locale}, ${size.name})`, async ({ page, request }) => {
      test.setTimeout(180_000);
      await page.setViewportSize(size.viewport);
      const d = await demo(request);
      // Log in with the (English) form first, then use the language from the next page on.
      if (who !== 'visitor') await logIn(page, LOGINS[who], DEMO_PASSWORD);
      else await page.goto('/');
      await page.evaluate((tag) => localStorage.setItem('atelier.locale', tag), locale);
      const found: string[] = [];
      for (const { path } of pages(d).filter((p) => p.who === who)) {
        await test.step(path, async () => {
          await page.goto(path);
          await settled(page);
          await expect(page.locator('html')).toHaveAttribute('lang', locale);
          found.push(...(await violations(page)).map((v) => `${path}: ${v}`));
        });
      }
      expect(found, found.join('\n')).toEqual([]);
    });
  }

  test(`the phone menu, open, has no serious accessibility violations (${locale})`, async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn(page, LOGINS.staff, DEMO_PASSWORD);
    await page.evaluate((tag) => localStorage.setItem('atelier.locale', tag), locale);
    await page.goto('/staff/users');
    await settled(page);
    await page.getByRole('banner').locator('button[aria-controls]').click();
    await expect(page.getByRole('navigation').first()).toBeVisible();
    const found = await violations(page);
    expect(found, found.join('\n')).toEqual([]);
  });
}
