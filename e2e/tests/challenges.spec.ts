// Challenges, entries and galleries (issue 4). Fresh challenges are set up through the
// API with the demo staff account; the demo data supplies the members.
import {
  test,
  expect,
  apiToken,
  bearer,
  CAT_JPG,
  createChallenge,
  DEMO_PASSWORD,
  freshSlug,
  freshUser,
  IMAGES,
  logIn,
  register,
  submitEntry,
} from './fixtures';
import path from 'node:path';

test('a member uploads an entry with a progress bar and it appears in the gallery', async ({ page, request }) => {
  const staff = await apiToken(request, 'lin');
  const challenge = await createChallenge(request, staff);
  const user = freshUser('upload');
  await register(page, user);

  await page.goto(`/challenges/${challenge.slug}`);
  await expect(page.getByRole('heading', { level: 1, name: challenge.title })).toBeVisible();
  await expect(page.getByRole('timer')).toBeVisible();
  await expect(page.getByText('Voting opens in')).toBeVisible();

  const form = page.getByRole('region', { name: 'Submit your entry' });
  await form.getByLabel('Choose an image').setInputFiles(CAT_JPG);
  // A local preview before anything is uploaded.
  const preview = form.getByTestId('entry-preview');
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await form.getByLabel('Title').fill('Cat at dusk');
  await form.getByLabel('Description').fill('A cat, waiting for the lanterns.');
  await form.getByLabel('Tags').fill('cat, dusk');

  // Record every value the progress bar shows, from the page itself.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('progress');
      if (bar) seen.push(bar.getAttribute('value') ?? '');
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
  });
  // A slow uplink (16 KB/s for a 21 KB file), so the bar has steps to show.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 16 * 1024,
  });
  await form.getByRole('button', { name: 'Submit entry' }).click();

  const bar = form.getByRole('progressbar', { name: 'Upload progress' });
  await expect(bar).toHaveAttribute('value', '100');
  await expect(form.getByText('Upload complete.')).toBeVisible();
  await expect(form.getByText('Your entry has been submitted.')).toBeVisible();
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const seen = (await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen)).map(Number);
  expect(seen[seen.length - 1]).toBe(100);
  // It moved through intermediate values, never backwards.
  expect(seen.some((v) => v > 0 && v < 100)).toBeTruthy();
  expect(seen).toEqual([...seen].sort((a, b) => a - b));

  // The entry is in the gallery with a thumbnail that really loaded.
  const gallery = page.getByRole('region', { name: /Entries/ });
  await expect(gallery.getByRole('heading', { name: /Entries \(1\)/ })).toBeVisible();
  const thumb = gallery.getByRole('img', { name: `Cat at dusk by ${user.displayName}` });
  await thumb.scrollIntoViewIfNeeded();
  await expect(thumb).toHaveAttribute('loading', 'lazy');
  await expect(thumb).toHaveAttribute('width', /\d+/);
  await expect(thumb).toHaveAttribute('height', /\d+/);
  await expect
    .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0);

  // Tags filter the gallery.
  await gallery.getByRole('button', { name: 'Show entries tagged dusk' }).click();
  await expect(gallery.getByText('Showing entries tagged #dusk.')).toBeVisible();
  await expect(thumb).toBeVisible();
  await gallery.getByLabel('Filter by tag').fill('nothing-has-this-tag');
  await gallery.getByRole('button', { name: 'Filter', exact: true }).click();
  await expect(gallery.getByText('No entries yet.')).toBeVisible();

  // And it is listed under "My entries".
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My entries' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Cat at dusk' })).toBeVisible();
  await expect(page.getByText('Visible', { exact: true })).toBeVisible();
});

test('the entry form checks the file first and shows the server refusing an entry', async ({ page, request }) => {
  const staff = await apiToken(request, 'lin');
  const challenge = await createChallenge(request, staff, { entriesPerMember: 1 });
  const member = await apiToken(request, 'sora');

  await logIn(page, 'sora@demo.atelier.test', DEMO_PASSWORD);
  await page.goto(`/challenges/${challenge.slug}`);
  const form = page.getByRole('region', { name: 'Submit your entry' });
  await expect(form.getByTestId('entries-used')).toHaveText('0 of one entry used');

  // A GIF is not among this challenge's formats: refused before any upload.
  await form.getByLabel('Choose an image').setInputFiles(path.join(IMAGES, 'gif__simple__sample_1.gif'));
  await expect(form.getByRole('alert')).toHaveText('This challenge accepts JPEG, PNG images only.');
  await expect(form.getByTestId('entry-preview')).toHaveCount(0);

  // Meanwhile the member's only slot is taken elsewhere: the server refuses, in words.
  await submitEntry(request, member, challenge.slug, 'First and only');
  await form.getByLabel('Choose an image').setInputFiles(CAT_JPG);
  await form.getByLabel('Title').fill('One too many');
  await form.getByRole('button', { name: 'Submit entry' }).click();
  const error = form.locator('.error-box');
  await expect(error).toHaveAttribute('data-error-code', 'entry_limit_reached');
  await expect(error).toHaveText('This challenge accepts one entry per member.');
  // And the form is closed.
  await expect(form.getByTestId('entry-limit')).toBeVisible();
  await expect(form.getByLabel('Choose an image')).toHaveCount(0);
});

test("a member's own entry can be edited and withdrawn", async ({ page, request }) => {
  const staff = await apiToken(request, 'lin');
  const challenge = await createChallenge(request, staff);
  const member = await apiToken(request, 'hao');
  const entry = await submitEntry(request, member, challenge.slug, 'Lantern sketch');

  await logIn(page, 'hao@demo.atelier.test', DEMO_PASSWORD);
  await page.goto(`/entries/${entry.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Lantern sketch' })).toBeVisible();
  const image = page.getByRole('img', { name: /^Lantern sketch by / });
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  // The author may download the original upload.
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download original' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.jpg$/);

  const edit = page.getByRole('region', { name: 'Edit your entry' });
  await expect(edit).toBeVisible();
  await edit.getByLabel('Title').fill('Lantern sketch, final');
  await edit.getByLabel('Tags').fill('lantern, final');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit.getByRole('status')).toHaveText('Your changes have been saved.');
  await expect(page.getByRole('heading', { level: 1, name: 'Lantern sketch, final' })).toBeVisible();
  // Its tags lead to the gallery, filtered.
  await page.getByRole('link', { name: '#final' }).click();
  await expect(page).toHaveURL(new RegExp(`/challenges/${challenge.slug}\\?tag=final$`));
  await expect(page.getByText('Showing entries tagged #final.')).toBeVisible();
  await expect(page.getByRole('img', { name: /^Lantern sketch, final by / })).toBeVisible();
  await page.goBack();
  await expect(edit).toBeVisible();

  page.once('dialog', (dialog) => dialog.accept());
  await edit.getByRole('button', { name: 'Withdraw entry' }).click();
  await expect(page.getByText('Your entry has been withdrawn.')).toBeVisible();
  await expect(page.getByTestId('entry-status')).toHaveText('Withdrawn');
  await expect(page.getByRole('region', { name: 'Edit your entry' })).toHaveCount(0);

  // Others no longer find it.
  const res = await request.get(`/api/v1/entries/${entry.id}`, { headers: bearer(await apiToken(request, 'sora')) });
  expect(res.status()).toBe(404);
});

test('staff create a challenge through the form', async ({ page }) => {
  await logIn(page, 'lin@demo.atelier.test', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Manage challenges' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Manage challenges' })).toBeVisible();
  await page.getByRole('link', { name: 'New challenge' }).click();

  const slug = freshSlug('form');
  await page.getByLabel('Title', { exact: true }).fill('Harbour Colours');
  // The slug follows the title until it is edited.
  await expect(page.getByLabel('Address (slug)')).toHaveValue('harbour-colours');
  await page.getByLabel('Address (slug)').fill(slug);
  await page.getByLabel('Theme').selectOption('colour');
  await expect(page.getByLabel('Colour 1', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Add a colour' }).click();
  await page.getByLabel('Colour 2', { exact: true }).fill('#2f7a6b');
  await page.getByLabel('Brief').fill('Paint the harbour at **dawn**.');
  await page.getByLabel('Prizes').fill('A print run of the winning design.');
  await page.getByLabel('Entries per member').fill('2');
  await page.getByLabel('GIF').check();
  await page.getByLabel('Entries open').fill('2030-01-10T09:00');
  await page.getByLabel('Voting opens').fill('2030-01-20T09:00');
  await page.getByLabel('Voting closes').fill('2030-01-27T18:00');
  await page.getByLabel('Results', { exact: true }).fill('2030-01-30T12:00');
  await page.getByLabel('Status').selectOption('published');
  await page.getByRole('button', { name: 'Create challenge' }).click();

  await expect(page).toHaveURL(new RegExp(`/challenges/${slug}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Harbour Colours' })).toBeVisible();
  await expect(page.locator('.brief strong')).toHaveText('dawn');
  await expect(page.getByRole('list', { name: 'Colour palette' }).getByRole('listitem')).toHaveCount(2);
  await expect(page.getByText('GIF, JPEG, PNG, WebP')).toBeVisible();
  await expect(page.getByText('Entries open in')).toBeVisible();

  // The times went out in UTC: the browser runs in the machine's zone, so compare instants.
  const detail = await page.evaluate(async (s) => (await fetch(`/api/v1/challenges/${s}`)).json(), slug);
  expect(Date.parse(detail.submissions_open_at)).toBe(new Date(2030, 0, 10, 9, 0).getTime());
  expect(detail.rules.entries_per_member).toBe(2);
  expect(detail.palette).toEqual(['#a3391f', '#2f7a6b']);

  // A taken slug is the server's to refuse, and it says so next to the slug field.
  await page.goto('/staff/challenges/new');
  await page.getByLabel('Title', { exact: true }).fill('Duplicate');
  const slugField = page.getByLabel('Address (slug)');
  await slugField.fill(slug);
  await page.getByRole('button', { name: 'Create challenge' }).click();
  await expect(page.locator('#challenge-slug-error')).toHaveText('Another challenge already uses this address.');
  await expect(slugField).toHaveAttribute('aria-invalid', 'true');
});

test.describe('in Traditional Chinese', () => {
  test.use({ locale: 'zh-TW' });

  test('the challenge, entry and gallery pages render in zh-TW', async ({ page, request }) => {
    const staff = await apiToken(request, 'lin');
    const challenge = await createChallenge(request, staff);
    const member = await apiToken(request, 'hao');
    const entry = await submitEntry(request, member, challenge.slug, '燈籠草稿');

    await page.goto(`/challenges/${challenge.slug}`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
    await expect(page.getByText('徵件中').first()).toBeVisible();
    await expect(page.getByText('距離投票開始還有')).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: '挑戰說明' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: /參賽作品/ })).toBeVisible();
    await expect(page.getByText('建立帳號或登入後即可投稿。')).toBeVisible();
    await expect(page.getByRole('img', { name: `Hao Lin 林浩 的作品「燈籠草稿」` })).toBeVisible();

    await page.goto(`/entries/${entry.id}`);
    await expect(page.getByRole('heading', { level: 1, name: '燈籠草稿' })).toBeVisible();
    await expect(page.getByText('作者：')).toBeVisible();

    await page.goto('/polls');
    await expect(page.getByRole('heading', { level: 1, name: '共創投票' })).toBeVisible();
    await page.goto('/challenges/bubble-tea-packaging/results');
    await expect(page.getByRole('heading', { level: 1, name: /^結果：/ })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: '排名' })).toBeVisible();
  });
});
