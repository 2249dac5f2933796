// The sign-up path from a challenge, and what the entry form checks in the
// browser before anything is uploaded (issue #10, items 3 and 4).
import path from 'node:path';
import {
  test,
  expect,
  apiToken,
  bearer,
  createChallenge,
  freshSlug,
  freshUser,
  register,
  CAT_JPG,
  IMAGES,
  SIZES,
} from './fixtures';
import type { APIRequestContext } from '@playwright/test';


/** A challenge in its submissions phase for JPEG and PNG of at least 300 x 200 pixels. */
async function sizedChallenge(request: APIRequestContext, entriesPerMember: number) {
  const staff = await apiToken(request, 'lin');
  const slug = freshSlug('sized');
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const res = await request.post('/api/v1/challenges', {
    headers: bearer(staff),
    data: {
      slug,
      title: `Sized ${slug}`,
      brief: 'Made by the **browser tests**.',
      theme: 'topic',
      status: 'published',
      rules: { entries_per_member: entriesPerMember, accepted_formats: ['jpeg', 'png'], min_width: 300, min_height: 200 },
      prizes: 'Glory',
      submissions_open_at: iso(now - 3600_000),
      voting_open_at: iso(now + 24 * 3600_000),
      voting_close_at: iso(now + 48 * 3600_000),
      results_at: iso(now + 72 * 3600_000),
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return slug;
}

for (const size of SIZES) {
  test.describe(`at ${size.name} size`, () => {
    test.use({ viewport: size.viewport });

    test('a visitor registers from a challenge and comes back to it, welcomed', async ({ page, request }) => {
      const staff = await apiToken(request, 'lin');
      const challenge = await createChallenge(request, staff);
      const user = freshUser('join');

      await page.goto(`/challenges/${challenge.slug}`);
      const submit = page.getByRole('region', { name: 'Submit your entry' });
      const next = `next=${encodeURIComponent(`/challenges/${challenge.slug}`)}`;
      await expect(submit.getByRole('link', { name: 'Log in' })).toHaveAttribute('href', `/login?${next}`);
      const registerLink = submit.getByRole('link', { name: 'Register' });
      await expect(registerLink).toHaveAttribute('href', `/register?${next}`);
      await registerLink.click();

      await expect(page.getByRole('heading', { level: 1, name: 'Create your account' })).toBeVisible();
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Handle').fill(user.handle);
      await page.getByLabel('Display name').fill(user.displayName);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Create account' }).click();

      await expect(page).toHaveURL(new RegExp(`/challenges/${challenge.slug}$`));
      await expect(page.getByTestId('welcome')).toHaveText(`Welcome to Atelier, ${user.displayName}! Your account is ready.`);
      await expect(page.getByRole('heading', { level: 1, name: challenge.title })).toBeVisible();
      // Now a member: the entry form is there, with the member's count.
      await expect(submit.getByTestId('entries-used')).toHaveText('0 of 3 entries used');
      // The welcome is said once.
      await page.locator('.breadcrumb').getByRole('link', { name: 'Challenges' }).click();
      await expect(page).toHaveURL(/\/challenges$/);
      await expect(page.getByTestId('welcome')).toHaveCount(0);
    });

    test('"Create an account" on the log-in page keeps where the visitor was going', async ({ page }) => {
      await page.goto('/login?next=%2Fchallenges%2Fsome-challenge');
      const create = page.getByRole('main').getByRole('link', { name: 'Create an account' });
      await expect(create).toHaveAttribute('href', '/register?next=%2Fchallenges%2Fsome-challenge');
      await create.click();
      await expect(page).toHaveURL(/\/register\?next=%2Fchallenges%2Fsome-challenge$/);
      // And back: "Log in" from the sign-up page keeps it too.
      await expect(page.getByRole('main').getByRole('link', { name: 'Log in' })).toHaveAttribute(
        'href',
        '/login?next=%2Fchallenges%2Fsome-challenge',
      );
      // Only local paths are followed.
      await page.goto('/login?next=https%3A%2F%2Fevil.example');
      await expect(page.getByRole('main').getByRole('link', { name: 'Create an account' })).toHaveAttribute(
        'href',
        '/register?next=%2F',
      );
    });

    test('the entry form refuses a too-small image in the browser, counts entries and closes at the limit', async ({
      page,
      request,
    }) => {
      const slug = await sizedChallenge(request, 2);
      await register(page, freshUser('limit'));
      await page.goto(`/challenges/${slug}`);
      const submit = page.getByRole('region', { name: 'Submit your entry' });
      await expect(submit.getByTestId('entries-used')).toHaveText('0 of 2 entries used');
      // The rules are stated before a file is picked.
      await expect(submit.getByText('At least 300 × 200 pixels.')).toBeVisible();

      const sent: string[] = [];
      page.on('request', (r) => {
        if (r.method() !== 'GET') sent.push(`${r.method()} ${r.url()}`);
      });
      const fileInput = submit.getByLabel('Choose an image');
      await fileInput.setInputFiles(path.join(IMAGES, 'png__16bpc__basn2c16.png'));
      const error = submit.locator('#entry-file-error');
      await expect(error).toHaveText('This image is 32 × 32 pixels; this challenge needs at least 300 × 200.');
      await expect(fileInput).toHaveAttribute('aria-invalid', 'true');
      await expect(submit.getByTestId('entry-preview')).toHaveCount(0);
      await submit.getByLabel('Title').fill('Too small');
      await submit.getByRole('button', { name: 'Submit entry' }).click();
      await expect(error).toBeVisible();
      expect(sent).toEqual([]);

      // A big enough image goes through, and the count follows.
      for (const [i, title] of ['First', 'Second'].entries()) {
        await fileInput.setInputFiles(CAT_JPG);
        await expect(submit.getByTestId('entry-preview')).toBeVisible();
        await expect(fileInput).not.toHaveAttribute('aria-invalid', 'true');
        await submit.getByLabel('Title').fill(title);
        await submit.getByRole('button', { name: 'Submit entry' }).click();
        await expect(submit.getByTestId('entries-used')).toHaveText(`${i + 1} of 2 entries used`);
      }
      expect(sent.filter((s) => s.startsWith('POST') && s.includes(`/challenges/${slug}/entries`))).toHaveLength(2);

      // At the limit the form is replaced by a clear message.
      await expect(submit.getByTestId('entry-limit')).toContainText('You have used all 2 of your entries for this challenge');
      await expect(submit.getByLabel('Choose an image')).toHaveCount(0);
      await page.reload();
      await expect(submit.getByTestId('entries-used')).toHaveText('2 of 2 entries used');
      await expect(submit.getByTestId('entry-limit')).toBeVisible();
      await expect(submit.getByRole('button', { name: 'Submit entry' })).toHaveCount(0);
    });
  });
}
