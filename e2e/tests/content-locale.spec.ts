// Staff-written content in English and Traditional Chinese: the app asks the API for
// the UI's language (Accept-Language) and refetches when it changes; staff write both
// languages in the challenge form, at phone width too.
import { test, expect, apiToken, bearer, freshSlug, logIn, DEMO_PASSWORD, type Page } from './fixtures';

const HOUR = 3600_000;

/** The page fits the viewport: nothing scrolls sideways. */
async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('switching to 繁體中文 shows a challenge in its Chinese words', async ({ page, request }) => {
  const slug = freshSlug('bilingual');
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const res = await request.post('/api/v1/challenges', {
    headers: bearer(await apiToken(request, 'lin')),
    data: {
      slug,
      title: 'Harbour Lanterns',
      brief: 'Light the **harbour**.',
      theme: 'topic',
      status: 'published',
      prizes: 'A print run',
      submissions_open_at: iso(now - HOUR),
      voting_open_at: iso(now + 24 * HOUR),
      voting_close_at: iso(now + 48 * HOUR),
      results_at: iso(now + 72 * HOUR),
      translations: { 'zh-TW': { title: '港灣花燈', brief: '點亮**港灣**。' } },
    },
  });
  expect(res.status(), await res.text()).toBe(201);

  await page.goto(`/challenges/${slug}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Harbour Lanterns' })).toBeVisible();
  await expect(page.locator('.brief strong')).toHaveText('harbour');

  // No reload: the page asks again in the new language.
  await page.getByLabel('Language').selectOption('zh-TW');
  await expect(page.getByRole('heading', { level: 1, name: '港灣花燈' })).toBeVisible();
  await expect(page.locator('.brief strong')).toHaveText('港灣');
  // Prizes were not translated: the English text stands in.
  await expect(page.getByText('A print run')).toBeVisible();

  await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '挑戰' }).click();
  await expect(page.getByRole('heading', { level: 3, name: '港灣花燈' })).toBeVisible();
  // The demo's challenges were written in both languages.
  await expect(page.getByRole('heading', { level: 3, name: '新春花燈設計' })).toBeVisible();

  await page.getByLabel('語言').selectOption('en');
  await expect(page.getByRole('heading', { level: 3, name: 'Harbour Lanterns' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Lunar New Year Lanterns' })).toBeVisible();
});

test.describe('at phone width', () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test('staff write a challenge title in both languages', async ({ page, request }) => {
    await logIn(page, 'lin@demo.atelier.test', DEMO_PASSWORD);
    await page.goto('/staff/challenges/new');
    const slug = freshSlug('phone');
    const languages = page.getByRole('group', { name: 'Texts in' });
    await expect(languages.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByLabel('Title', { exact: true }).fill('Night Market Signs');
    await page.getByLabel('Address (slug)').fill(slug);
    await page.getByLabel('Brief').fill('Signs for the **night market**.');
    await expectNoSidewaysScroll(page);

    await languages.getByRole('button', { name: '繁體中文' }).click();
    await expect(languages.getByRole('button', { name: '繁體中文' })).toHaveAttribute('aria-pressed', 'true');
    const title = page.getByLabel('Title', { exact: true });
    // The Chinese title starts empty, with the English one as a guide.
    await expect(title).toHaveValue('');
    await expect(title).toHaveAttribute('placeholder', 'Night Market Signs');
    await expect(title).toHaveAttribute('lang', 'zh-TW');
    await title.fill('夜市招牌');
    await expectNoSidewaysScroll(page);
    // Back in English, the English texts are still there.
    await languages.getByRole('button', { name: 'English' }).click();
    await expect(title).toHaveValue('Night Market Signs');
    await page.getByRole('button', { name: 'Create challenge' }).click();

    await expect(page).toHaveURL(new RegExp(`/challenges/${slug}$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Night Market Signs' })).toBeVisible();
    await page.getByLabel('Language').selectOption('zh-TW');
    await expect(page.getByRole('heading', { level: 1, name: '夜市招牌' })).toBeVisible();
    await expectNoSidewaysScroll(page);

    // The edit form, in Chinese, opens on the Chinese texts and keeps both.
    await page.goto(`/staff/challenges/${slug}/edit`);
    const zhLanguages = page.getByRole('group', { name: '內容語言' });
    await expect(zhLanguages.getByRole('button', { name: '繁體中文' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByLabel('標題', { exact: true })).toHaveValue('夜市招牌');
    await expectNoSidewaysScroll(page);
    await zhLanguages.getByRole('button', { name: 'English' }).click();
    await expect(page.getByLabel('標題', { exact: true })).toHaveValue('Night Market Signs');

    // What went to the server: English as the base text, Chinese as its translation.
    const res = await request.get(`/api/v1/challenges/${slug}`, {
      headers: { ...bearer(await apiToken(request, 'lin')), 'Accept-Language': 'zh-TW' },
    });
    expect(res.headers()['content-language']).toBe('zh-TW');
    const detail = await res.json();
    expect(detail.base_locale).toBe('en');
    expect(detail.texts['en'].title).toBe('Night Market Signs');
    expect(detail.texts['zh-TW'].title).toBe('夜市招牌');
  });
});
