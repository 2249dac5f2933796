// The page frame at phone (390x844) and desktop (1280x900) sizes: the compact header
// and its menu, every navigation link reachable, tables that fit a phone, the gallery's
// tag filter in the address with its empty state, and the skip link.
import {
  test,
  expect,
  apiToken,
  createChallenge,
  freshUser,
  logIn,
  register,
  submitEntry,
  DEMO_PASSWORD,
  type Page,
} from './fixtures';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const MEMBER = 'yuting@demo.atelier.test';
const STAFF = 'lin@demo.atelier.test';
/** The demo challenge whose results are out (a full ranking table). */
const FINISHED = 'bubble-tea-packaging';

const MEMBER_LINKS: [string, RegExp][] = [
  ['Home', /\/$/],
  ['Challenges', /\/challenges$/],
  ['Polls', /\/polls$/],
  ['My profile', /\/me$/],
  ['My entries', /\/me\/entries$/],
  ['Become an expert', /\/expert$/],
];

const STAFF_LINKS: [string, RegExp][] = [
  ['Home', /\/$/],
  ['Challenges', /\/challenges$/],
  ['Polls', /\/polls$/],
  ['My profile', /\/me$/],
  ['My entries', /\/me\/entries$/],
  ['Manage challenges', /\/staff\/challenges$/],
  ['Duplicates', /\/staff\/duplicates$/],
  ['Vote flags', /\/staff\/vote-flags$/],
  ['Applications', /\/staff\/applications$/],
  ['Users', /\/staff\/users$/],
  ['Audit log', /\/staff\/audit$/],
];

/** Nothing on the page scrolls sideways. */
async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, 'the page is wider than the window').toBeLessThanOrEqual(innerWidth);
}

/** The element lies inside the window horizontally (not cut off or scrolled away). */
async function expectInsideWindow(page: Page, locator: ReturnType<Page['locator']>) {
  const box = await locator.boundingBox();
  expect(box, 'the element is laid out').not.toBeNull();
  const width = page.viewportSize()!.width;
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width);
}

/** Switches to Traditional Chinese for the next page loads. */
async function useChinese(page: Page) {
  await page.addInitScript(() => localStorage.setItem('atelier.locale', 'zh-TW'));
}

/** Logs in (the form in English), then uses Traditional Chinese from the next page on. */
async function logInChinese(page: Page, email: string) {
  await logIn(page, email, DEMO_PASSWORD);
  await page.evaluate(() => localStorage.setItem('atelier.locale', 'zh-TW'));
}

test.describe('at phone size', () => {
  test.use({ viewport: PHONE });

  test('the header is one compact bar whose menu opens and closes', async ({ page }) => {
    await logIn(page, MEMBER, DEMO_PASSWORD);
    const header = page.getByRole('banner');
    const box = await header.boundingBox();
    expect(box!.height).toBeLessThanOrEqual(80);
    await expect(header.getByTestId('current-user')).toBeVisible();
    await expect(header.getByLabel('Language')).toBeVisible();

    const menu = header.getByRole('button', { name: 'Menu' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(nav).toBeHidden();
    const controls = await menu.getAttribute('aria-controls');
    expect(controls).toBeTruthy();

    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await expect(page.locator(`#${controls}`)).toBeVisible();
    await expect(nav).toBeVisible();
    // A second press closes it.
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(nav).toBeHidden();

    // Escape closes it and gives the focus back to the button.
    await menu.click();
    await expect(nav).toBeVisible();
    await nav.getByRole('link', { name: 'Polls' }).focus();
    await page.keyboard.press('Escape');
    await expect(nav).toBeHidden();
    await expect(menu).toBeFocused();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');

    // Following a link closes it.
    await menu.click();
    await nav.getByRole('link', { name: 'Become an expert' }).click();
    await expect(page).toHaveURL(/\/expert$/);
    await expect(nav).toBeHidden();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');

    // So does the link to the page already shown.
    await menu.click();
    await nav.getByRole('link', { name: 'Become an expert' }).click();
    await expect(nav).toBeHidden();

    // Logging out is in the menu.
    await menu.click();
    await nav.getByRole('button', { name: 'Log out' }).click();
    await expect(header.getByRole('link', { name: 'Log in' })).toBeVisible();
    expect((await header.boundingBox())!.height).toBeLessThanOrEqual(80);
    await expectInsideWindow(page, header.getByRole('link', { name: 'Log in' }));
    await expectInsideWindow(page, header.getByLabel('Language'));
    const logInBox = (await header.getByRole('link', { name: 'Log in' }).boundingBox())!;
    const languageBox = (await header.getByLabel('Language').boundingBox())!;
    expect(logInBox.x + logInBox.width, '"Log in" runs under the language menu').toBeLessThanOrEqual(languageBox.x);
    // Registering is in the menu, with nothing in the bar overlapping.
    await menu.click();
    await expect(nav.getByRole('link', { name: 'Register' })).toBeVisible();
    await expectNoSidewaysScroll(page);
  });

  test('a long handle shortens in the bar instead of pushing it wider', async ({ page }) => {
    const user = freshUser('averyveryverylonghandle');
    expect(user.handle.length).toBe(24);
    await register(page, user);
    const header = page.getByRole('banner');
    expect((await header.boundingBox())!.height).toBeLessThanOrEqual(80);
    await expectInsideWindow(page, header.getByLabel('Language'));
    await expectInsideWindow(page, header.getByRole('button', { name: 'Menu' }));
    await expectNoSidewaysScroll(page);
  });

  for (const [who, email, links] of [
    ['a member', MEMBER, MEMBER_LINKS],
    ['staff', STAFF, STAFF_LINKS],
  ] as const) {
    test(`every navigation link is reachable for ${who}`, async ({ page }) => {
      await logIn(page, email, DEMO_PASSWORD);
      const menu = page.getByRole('banner').getByRole('button', { name: 'Menu' });
      const nav = page.getByRole('navigation', { name: 'Main' });
      for (const [name, url] of links) {
        await menu.click();
        const link = nav.getByRole('link', { name, exact: true });
        await link.scrollIntoViewIfNeeded();
        await expect(link).toBeVisible();
        await expectInsideWindow(page, link);
        await link.click();
        await expect(page).toHaveURL(url);
        await expect(nav).toBeHidden();
        await expectNoSidewaysScroll(page);
      }
      const header = await page.getByRole('banner').boundingBox();
      expect(header!.height).toBeLessThanOrEqual(80);
    });
  }

  test('the header stays compact in Chinese, for staff too', async ({ page }) => {
    await logInChinese(page, STAFF);
    await page.goto('/challenges');
    const header = page.getByRole('banner');
    expect((await header.boundingBox())!.height).toBeLessThanOrEqual(80);
    await header.getByRole('button', { name: '選單' }).click();
    const nav = page.getByRole('navigation', { name: '主選單' });
    for (const name of ['挑戰', '管理挑戰', '稽核紀錄']) {
      await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
    }
    await expectNoSidewaysScroll(page);
  });

  for (const chinese of [false, true]) {
    test(`the users page fits the phone as cards${chinese ? ' in Chinese' : ''}`, async ({ page }) => {
      if (chinese) await logInChinese(page, STAFF);
      else await logIn(page, STAFF, DEMO_PASSWORD);
      await page.goto('/staff/users');
      const row = page.getByRole('row').filter({ hasText: '@yuting' });
      await expect(row).toBeVisible();
      await expectNoSidewaysScroll(page);
      await expectInsideWindow(page, row);
      // Each cell is named by its column (the header row is only for screen readers).
      await expect(row.locator('td[data-label]').first()).toBeVisible();
      await expectInsideWindow(page, row.getByRole('combobox'));
    });

    test(`the ranking fits the phone${chinese ? ' in Chinese' : ''}`, async ({ page }) => {
      if (chinese) await useChinese(page);
      await page.goto(`/challenges/${FINISHED}/results`);
      const table = page.locator('table.ranking-table');
      await expect(table.locator('tbody tr').first()).toBeVisible();
      await expectNoSidewaysScroll(page);
      for (const row of await table.locator('tbody tr').all()) {
        await expectInsideWindow(page, row);
      }
    });
  }

  test('staff see the ranking and the winner picker without sideways scrolling', async ({ page }) => {
    await logIn(page, STAFF, DEMO_PASSWORD);
    await page.goto(`/challenges/${FINISHED}/results`);
    await expect(page.locator('table.ranking-table tbody tr').first()).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Pick the winners' })).toBeVisible();
    await expectNoSidewaysScroll(page);
  });
});

test.describe('at desktop size', () => {
  test.use({ viewport: DESKTOP });

  test('the navigation is a row of links, with no menu button', async ({ page }) => {
    await logIn(page, STAFF, DEMO_PASSWORD);
    const header = page.getByRole('banner');
    await expect(header.getByRole('button', { name: 'Menu' })).toBeHidden();
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [name] of STAFF_LINKS) {
      await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
    }
    await expect(header.getByRole('button', { name: 'Log out' })).toBeVisible();
    await expectNoSidewaysScroll(page);
  });

  for (const chinese of [false, true]) {
    test(`ranking column names stay on one line${chinese ? ' in Chinese' : ''}`, async ({ page }) => {
      if (chinese) await useChinese(page);
      await page.goto(`/challenges/${FINISHED}/results`);
      const headers = page.locator('table.ranking-table thead th');
      await expect(headers.first()).toBeVisible();
      for (const th of await headers.all()) {
        const fits = await th.evaluate((el) => {
          const style = getComputedStyle(el);
          const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.6;
          const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
          return el.getBoundingClientRect().height - padding < line * 1.5;
        });
        expect(fits, `"${await th.textContent()}" wraps`).toBeTruthy();
      }
      await expectNoSidewaysScroll(page);
    });
  }
});

for (const [size, viewport] of [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const) {
  test.describe(`at ${size} size`, () => {
    test.use({ viewport });

    test('the skip link moves the focus to the main content', async ({ page }) => {
      await page.goto('/');
      await expect(page.getByRole('heading', { level: 2, name: 'Latest challenges' })).toBeVisible();
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Skip to main content' });
      await expect(skip).toBeFocused();
      await expectInsideWindow(page, skip);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');

      // After the client router has changed the page, too.
      await page.getByRole('banner').getByRole('link', { name: 'Log in' }).click();
      await expect(page).toHaveURL(/\/login$/);
      await skip.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
      // The next Tab goes on inside the main content, not back to the header.
      await page.keyboard.press('Tab');
      const inMain = await page.evaluate(() => !!document.activeElement?.closest('main'));
      expect(inMain).toBeTruthy();
    });

    test('a tag filter is in the address, says when nothing matches and counts what it shows', async ({
      page,
      request,
    }) => {
      const challenge = await createChallenge(request, await apiToken(request, 'lin'));
      await submitEntry(request, await apiToken(request, 'hao'), challenge.slug, 'Tagged lantern');
      await page.goto(`/challenges/${challenge.slug}`);
      const count = page.getByTestId('entry-count');
      await expect(count).toHaveText('(1)');
      await expect(page.getByRole('link', { name: 'Tagged lantern' }).first()).toBeVisible();

      const filter = page.getByLabel('Filter by tag');
      await filter.fill('no-such-tag');
      await page.getByRole('button', { name: 'Filter', exact: true }).click();
      await expect(page).toHaveURL(/[?&]tag=no-such-tag(&|$)/);
      const empty = page.getByTestId('empty-state');
      await expect(empty).toContainText('No entries are tagged #no-such-tag.');
      await expect(count).toHaveText('(0)');
      await expect(page.getByRole('link', { name: 'Tagged lantern' })).toHaveCount(0);
      await expectNoSidewaysScroll(page);

      // A reload keeps the filter.
      await page.reload();
      await expect(page.getByLabel('Filter by tag')).toHaveValue('no-such-tag');
      await expect(page.getByTestId('empty-state')).toContainText('No entries are tagged #no-such-tag.');
      await expect(count).toHaveText('(0)');

      // A tag that matches counts its entries.
      await page.getByLabel('Filter by tag').fill('#E2E');
      await page.getByRole('button', { name: 'Filter', exact: true }).click();
      await expect(page).toHaveURL(/[?&]tag=e2e(&|$)/);
      await expect(page.getByTestId('tag-count')).toHaveText('1 entry is tagged #e2e.');
      await expect(count).toHaveText('(1)');

      // Back returns to the previous filter.
      await page.goBack();
      await expect(page).toHaveURL(/[?&]tag=no-such-tag(&|$)/);
      await expect(page.getByLabel('Filter by tag')).toHaveValue('no-such-tag');
      await expect(page.getByTestId('empty-state')).toBeVisible();

      // The empty state's way out shows everything again.
      await page.getByTestId('empty-state').getByRole('link', { name: 'Show all entries' }).click();
      await expect(page).not.toHaveURL(/tag=/);
      await expect(page.getByLabel('Filter by tag')).toHaveValue('');
      await expect(count).toHaveText('(1)');
      await expect(page.getByRole('link', { name: 'Tagged lantern' }).first()).toBeVisible();
    });
  });
}

test('the tag filter speaks Chinese too', async ({ page, request }) => {
  const challenge = await createChallenge(request, await apiToken(request, 'lin'));
  await submitEntry(request, await apiToken(request, 'sora'), challenge.slug, 'Chinese lantern');
  await useChinese(page);
  await page.goto(`/challenges/${challenge.slug}?tag=nothing`);
  await expect(page.getByTestId('empty-state')).toContainText('沒有標記 #nothing 的作品。');
  await expect(page.getByTestId('entry-count')).toHaveText('(0)');
  await page.goto(`/challenges/${challenge.slug}?tag=e2e`);
  await expect(page.getByTestId('tag-count')).toHaveText('共 1 件作品標記 #e2e。');
});

test('lists with nothing in them say so and offer a way on', async ({ page }) => {
  // A fresh member has no entries.
  const user = freshUser('empty');
  await register(page, user);
  await page.goto('/me/entries');
  const empty = page.getByTestId('empty-state');
  await expect(empty).toContainText('You have not entered any challenges yet.');
  await empty.getByRole('link', { name: 'See all challenges' }).click();
  await expect(page).toHaveURL(/\/challenges$/);
});
