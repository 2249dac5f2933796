// The template marketplace as a member sees it: searching the catalogue as you type
// (Traditional Chinese found by a two-character word), a template's page, taking a
// free template and downloading its file, buying a paid one through the test payment
// provider, and the library; the facets, the order, the empty state and the carousel.
import { readFileSync } from 'node:fs';
import { test, expect, logIn, DEMO_PASSWORD, SIZES, fitsTheWidth, CAT_JPG, type Page } from './fixtures';
import { publishTemplate, uniqueId, PORTRAIT_JPG } from './market-helpers';

const MEMBER = 'yuting@demo.atelier.test';

/** Shows the app in `tag` from the next page on. */
async function useLocale(page: Page, tag: 'en' | 'zh-TW') {
  await page.evaluate((t) => localStorage.setItem('atelier.locale', t), tag);
}

for (const size of SIZES) {
  test(`a member finds a template by 包裝, takes it free, downloads it and buys another (zh-TW, ${size.name})`, async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(size.viewport);
    const id = uniqueId();
    const free = await publishTemplate(request, {
      title: `環保包裝設計模板 ${id}`,
      category: 'packaging',
      licence: 'free_commercial',
      priceMinor: 0,
      tags: ['eco', `t${id}`],
    });
    const paid = await publishTemplate(request, {
      title: `夜市海報版型 ${id}`,
      category: 'poster',
      licence: 'paid_single_use',
      priceMinor: 15_000,
    });

    await logIn(page, MEMBER, DEMO_PASSWORD);
    await useLocale(page, 'zh-TW');
    await page.goto('/templates');
    await expect(page.getByRole('heading', { level: 1, name: '模板' })).toBeVisible();
    await fitsTheWidth(page);

    // The search answers as you type; the address follows, so it can be shared.
    await page.getByLabel('搜尋模板').fill('包裝');
    await expect(page).toHaveURL(/\/templates\?q=%E5%8C%85%E8%A3%9D$/);
    const card = page.locator('.market-card', { hasText: free.title });
    await expect(card).toBeVisible();
    await expect(card.getByTestId('template-price')).toHaveText('免費');
    await expect(page.locator('.market-card', { hasText: paid.title })).toHaveCount(0);
    await fitsTheWidth(page);

    // The same address, opened afresh, shows the same search.
    await page.reload();
    await expect(page.getByLabel('搜尋模板')).toHaveValue('包裝');
    await expect(page.locator('.market-card', { hasText: free.title })).toBeVisible();

    await page.locator('.market-card', { hasText: free.title }).getByRole('link', { name: free.title }).click();
    await expect(page).toHaveURL(new RegExp(`/templates/${free.id}$`));
    await expect(page.getByRole('heading', { level: 1, name: free.title })).toBeVisible();
    await expect(page.getByTestId('licence-box')).toContainText('免費商用授權');
    await expect(page.getByTestId('template-files')).toContainText(free.fileName);
    await fitsTheWidth(page);

    // Free: a licence at once, then the download buttons.
    await page.getByRole('button', { name: '免費取得' }).click();
    await expect(page.getByTestId('holder-note')).toContainText('你已取得這個模板的授權');
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: `下載 ${free.fileName}` }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.svg$/);
    expect(readFileSync(await download.path(), 'utf8')).toContain('<svg');

    // Paid: the test provider pays a card order at once.
    await page.goto(`/templates/${paid.id}`);
    await expect(page.locator('main').getByTestId('template-price')).toHaveText('NT$150');
    await expect(page.getByTestId('template-files')).toContainText(paid.fileName);
    await expect(page.getByRole('button', { name: `下載 ${paid.fileName}` })).toHaveCount(0);
    await fitsTheWidth(page);
    await page.getByRole('button', { name: '以 NT$150 購買' }).click();
    await expect(page).toHaveURL(/\/orders\/\d+$/);
    await expect(page.getByTestId('order-status')).toHaveText('已付款');
    await expect(page.getByTestId('order-amount')).toHaveText('NT$150');
    await expect(page.getByRole('button', { name: `下載 ${paid.fileName}` })).toBeVisible();
    await fitsTheWidth(page);

    await page.getByRole('link', { name: '在你的模板庫中' }).click();
    await expect(page).toHaveURL(/\/me\/library$/);
    await expect(page.getByRole('heading', { level: 1, name: '我的模板庫' })).toBeVisible();
    const library = page.getByTestId('library');
    await expect(library.locator('.market-library-item', { hasText: paid.title })).toBeVisible();
    await expect(library.locator('.market-library-item', { hasText: free.title })).toBeVisible();
    const receipt = page.getByTestId('receipts').locator('tr', { hasText: paid.title });
    await expect(receipt).toContainText('NT$150');
    await expect(receipt).toContainText('已付款');
    await fitsTheWidth(page);

    // The library's own download button.
    const item = library.locator('.market-library-item', { hasText: paid.title });
    await item.getByRole('button', { name: '顯示檔案' }).click();
    const again = page.waitForEvent('download');
    await item.getByRole('button', { name: `下載 ${paid.fileName}` }).click();
    expect((await again).suggestedFilename()).toMatch(/\.svg$/);
  });

  test(`the catalogue's facets, order and empty state, and a template's carousel (en, ${size.name})`, async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(size.viewport);
    const id = uniqueId();
    const tag = `t${id}`;
    const sticker = await publishTemplate(request, {
      title: `Night market sticker sheet ${id}`,
      category: 'sticker',
      licence: 'extended',
      priceMinor: 150_000,
      tags: [tag, 'ink', 'washi', 'kawaii', 'night', 'market', 'neon', 'snack', 'boba', 'cat'],
      previews: [CAT_JPG, PORTRAIT_JPG],
    });
    await publishTemplate(request, {
      title: `Lantern festival poster ${id}`,
      category: 'poster',
      licence: 'free_personal',
      priceMinor: 0,
      tags: [tag],
    });

    await page.goto(`/templates?tag=${tag}`);
    await expect(page.locator('.market-card')).toHaveCount(2);
    const facets = page.locator('#market-facets');
    const toggle = page.getByRole('button', { name: 'Filters (1)' });
    if (size.name === 'phone') {
      // On phones the facets wait behind the "Filters" button.
      await expect(facets).toBeHidden();
      await toggle.click();
      await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    } else {
      await expect(toggle).toBeHidden();
    }
    await expect(facets).toBeVisible();
    const stickerFacet = facets.locator('a[data-facet="category"][data-value="sticker"]');
    await expect(stickerFacet).toContainText('Sticker');
    await expect(stickerFacet.locator('.market-count')).toHaveText('1');
    await expect(facets.locator('a[data-facet="price"][data-value="free"] .market-count')).toHaveText('1');
    // A long facet shows its first values, and the rest on request.
    const tagFacet = facets.locator('section', { has: page.getByRole('heading', { name: 'Tags' }) });
    await expect(tagFacet.locator('a')).toHaveCount(8);
    await tagFacet.getByRole('button', { name: /^Show all \d+$/ }).click();
    expect(await tagFacet.locator('a').count()).toBeGreaterThanOrEqual(10);
    await expect(tagFacet.locator(`a[data-value="${tag}"]`)).toHaveAttribute('aria-current', 'true');
    await tagFacet.getByRole('button', { name: 'Show fewer' }).click();
    await expect(tagFacet.locator('a')).toHaveCount(8);
    await fitsTheWidth(page);

    await stickerFacet.click();
    await expect(page).toHaveURL(new RegExp(`category=sticker`));
    await expect(page.locator('.market-card')).toHaveCount(1);
    await expect(page.locator('.market-card')).toContainText(sticker.title);
    await expect(page.locator('.market-card').getByTestId('template-price')).toHaveText('NT$1,500');
    await expect(facets.locator('a[data-facet="category"][aria-current="true"]')).toHaveAttribute('data-value', 'sticker');

    // Price order, both ways.
    await page.goto(`/templates?tag=${tag}`);
    await page.getByLabel('Sort by').selectOption('price_desc');
    await expect(page).toHaveURL(/sort=price_desc/);
    await expect(page.locator('.market-card').first()).toContainText(sticker.title);
    await page.getByLabel('Sort by').selectOption('price_asc');
    await expect(page.locator('.market-card').first()).toContainText('Lantern festival poster');

    // Nothing found: the empty state offers to clear the filters, then to show all.
    await page.getByLabel('Search templates').fill(`zzq${id}nothing`);
    await expect(page.getByTestId('empty-state')).toContainText('No templates match this search.');
    await fitsTheWidth(page);
    await page.getByTestId('empty-state').getByRole('link', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL(new RegExp(`/templates\\?q=zzq${id}nothing&sort=price_asc$`));
    await page.getByTestId('empty-state').getByRole('link', { name: 'Show all templates' }).click();
    await expect(page).toHaveURL(/\/templates$/);
    await expect(page.getByLabel('Search templates')).toHaveValue('');
    // "Back" returns to the search, box and all.
    await page.goBack();
    await expect(page.getByLabel('Search templates')).toHaveValue(`zzq${id}nothing`);

    // The template page: the carousel by buttons, thumbnails and the keyboard.
    await page.goto(`/templates/${sticker.id}`);
    const carousel = page.getByTestId('carousel');
    await expect(carousel.getByTestId('preview-image')).toHaveAttribute('alt', `${sticker.title}, preview 1 of 2`);
    await carousel.getByRole('button', { name: 'Next preview' }).click();
    await expect(carousel.getByTestId('preview-image')).toHaveAttribute('alt', `${sticker.title}, preview 2 of 2`);
    await carousel.focus();
    await page.keyboard.press('ArrowRight');
    await expect(carousel.getByTestId('preview-image')).toHaveAttribute('alt', `${sticker.title}, preview 1 of 2`);
    await carousel.getByRole('button', { name: 'Show preview 2' }).click();
    await expect(carousel.getByRole('button', { name: 'Show preview 2' })).toHaveAttribute('aria-current', 'true');
    // An extended licence allows everything it lists, merchandise included.
    await expect(page.getByTestId('licence-box')).toContainText('Print it in runs or on merchandise for sale.');
    await expect(page.getByTestId('licence-box')).not.toContainText('What you may not do');
    // A visitor is asked to log in first.
    await expect(page.getByRole('main').getByRole('link', { name: 'Log in' })).toBeVisible();
    await fitsTheWidth(page);
  });
}

test('a bank transfer waits for the staff, shows its reference and can be cancelled', async ({ page, request }) => {
  const paid = await publishTemplate(request, {
    title: `Notebook cover grid ${uniqueId()}`,
    category: 'card',
    licence: 'paid_multi_use',
    priceMinor: 48_000,
  });
  await logIn(page, MEMBER, DEMO_PASSWORD);
  await page.goto(`/templates/${paid.id}`);
  await page.getByLabel('Bank transfer').check();
  await page.getByRole('button', { name: 'Buy for NT$480' }).click();
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  await expect(page.getByTestId('order-status')).toHaveText('Waiting for payment');
  await expect(page.getByTestId('payment-reference')).not.toBeEmpty();
  await fitsTheWidth(page);
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByTestId('cancel-order').click();
  await expect(page.getByTestId('order-status')).toHaveText('Cancelled');
  // Still not theirs: the template page offers to buy it again.
  await page.goto(`/templates/${paid.id}`);
  await expect(page.getByRole('button', { name: 'Buy for NT$480' })).toBeVisible();
});

test('an unknown template is a not-found page', async ({ page }) => {
  await page.goto('/templates/999999');
  await expect(page.getByTestId('not-found')).toBeVisible();
  await page.goto('/templates/not-a-number');
  await expect(page.getByTestId('not-found')).toBeVisible();
});

test('the search box asks once after a pause, and a late answer to an older search is ignored', async ({
  page,
  request,
}) => {
  const id = uniqueId();
  const tag = `t${id}`;
  const wave = await publishTemplate(request, {
    title: `Ukiyo wave poster ${id}`,
    category: 'poster',
    licence: 'free_personal',
    priceMinor: 0,
    tags: [tag],
  });
  const bamboo = await publishTemplate(request, {
    title: `Bamboo tea packaging ${id}`,
    category: 'packaging',
    licence: 'free_personal',
    priceMinor: 0,
    tags: [tag],
  });
  const asked: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/api/v1/templates') asked.push(url.searchParams.get('q') ?? '');
  });
  // The answer to "wave" is held back until after the answer to "bamboo".
  await page.route('**/api/v1/templates?*', async (route) => {
    if (new URL(route.request().url()).searchParams.get('q') === 'wave') {
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    await route.continue();
  });
  await page.goto(`/templates?tag=${tag}`);
  await expect(page.locator('.market-card')).toHaveCount(2);
  asked.length = 0;

  const box = page.getByLabel('Search templates');
  const waveAsked = page.waitForRequest((r) => new URL(r.url()).searchParams.get('q') === 'wave');
  // Typed faster than the pause: one question for the whole word.
  await box.pressSequentially('wave', { delay: 40 });
  await waveAsked;
  const waveAnswered = page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === 'wave');
  await box.fill('bamboo');
  await expect(page).toHaveURL(new RegExp(`q=bamboo`));
  await expect(page.locator('.market-card')).toHaveCount(1);
  await expect(page.locator('.market-card')).toContainText(bamboo.title);
  await waveAnswered;
  // The late answer changed nothing.
  await page.waitForTimeout(300);
  await expect(page.locator('.market-card')).toHaveCount(1);
  await expect(page.locator('.market-card')).toContainText(bamboo.title);
  await expect(page.locator('.market-card', { hasText: wave.title })).toHaveCount(0);
  expect(asked).toEqual(['wave', 'bamboo']);
});
