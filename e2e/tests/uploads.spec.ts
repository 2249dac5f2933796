// Images sent from the pages that take one besides the entry form (tested in
// challenges.spec.ts) and the avatar (accounts.spec.ts): the staff's challenge cover
// and poll option images, and a member's palette check. Each goes as the server takes
// every image, a form with the image in `file`.
import { test, expect, apiToken, bearer, CAT_JPG, createChallenge, DEMO_PASSWORD, logIn } from './fixtures';

/** Waits until the image has really loaded (a broken image has no natural width). */
async function expectLoaded(img: import('@playwright/test').Locator) {
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
}

test('staff upload a challenge cover from the challenge form', async ({ page, request }) => {
  const staff = await apiToken(request, 'lin');
  const challenge = await createChallenge(request, staff);
  await logIn(page, 'lin@demo.atelier.test', DEMO_PASSWORD);
  await page.goto(`/staff/challenges/${challenge.slug}/edit`);

  const cover = page.getByRole('region', { name: 'Cover image' });
  const upload = cover.getByRole('button', { name: 'Upload cover' });
  await expect(upload).toBeDisabled();
  await cover.getByLabel('Choose an image').setInputFiles(CAT_JPG);
  await upload.click();
  await expect(cover.getByRole('status').filter({ hasText: 'The cover has been updated.' })).toBeVisible();

  const detail = await (await request.get(`/api/v1/challenges/${challenge.slug}`)).json();
  expect(detail.cover_url).toMatch(/^\/api\/v1\/media\/covers\//);
  // The page shows the stored cover once the local preview is gone.
  await page.reload();
  const shown = page.getByRole('region', { name: 'Cover image' }).getByRole('img');
  await expect(shown).toHaveAttribute('src', detail.cover_url);
  await expectLoaded(shown);
});

test('staff set an option image on a scheduled poll', async ({ page, request }) => {
  const staff = await apiToken(request, 'lin');
  const now = Date.now();
  const res = await request.post('/api/v1/polls', {
    headers: bearer(staff),
    data: {
      question: 'Which tin for the spring oolong?',
      product: 'Spring oolong',
      description: 'Two tins from the community.',
      method: 'single',
      eligibility: 'all_members',
      allow_change: true,
      opens_at: new Date(now + 3600_000).toISOString(),
      closes_at: new Date(now + 7200_000).toISOString(),
      options: [{ label: 'Paper crane' }, { label: 'Tea terrace' }],
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const poll = await res.json();

  await logIn(page, 'lin@demo.atelier.test', DEMO_PASSWORD);
  await page.goto(`/polls/${poll.id}`);
  // Picking the file sends it at once.
  await page.getByLabel('Image for Paper crane').setInputFiles(CAT_JPG);
  // The thumbnail is decorative (alt=""), so it is found by its place, not its role.
  const thumb = page.locator('.option-image').filter({ has: page.getByLabel('Image for Paper crane') }).locator('img');
  await expectLoaded(thumb);

  const updated = await (await request.get(`/api/v1/polls/${poll.id}`, { headers: bearer(staff) })).json();
  expect(updated.options[0].image_url).toBeTruthy();
  expect(updated.options[1].image_url).toBeFalsy();
  await expect(thumb).toHaveAttribute('src', updated.options[0].image_url);
});

test('a member checks an image against a colour challenge palette before submitting', async ({ page, request }) => {
  const staff = await apiToken(request, 'lin');
  const { slug } = await createChallenge(request, staff, { palette: ['#a3391f', '#2f7a6b'] });

  await logIn(page, 'yuting@demo.atelier.test', DEMO_PASSWORD);
  await page.goto(`/challenges/${slug}`);
  const form = page.getByRole('region', { name: 'Submit your entry' });
  await form.getByLabel('Choose an image').setInputFiles(CAT_JPG);
  await expect(form.getByTestId('palette-score')).toHaveText(/^\d{1,3}\/100$/);
  await expect(form.getByRole('alert')).toHaveCount(0);
});
