// One way to show form errors (issue #10, item 2): human messages in both
// languages (never an "Error code:" line), the rule stated before the user
// fills a field in, and a complaint next to the field it concerns, tied to it
// with aria-invalid and aria-describedby.
import {
  test,
  expect,
  apiToken,
  createChallenge,
  freshUser,
  logIn,
  register,
  DEMO_PASSWORD,
  SIZES,
} from './fixtures';
import type { Locator, Page } from '@playwright/test';


/** The control is marked invalid and described by its hint (when it has one) and its error. */
async function expectFieldError(page: Page, control: Locator, id: string, text: string, hint = true) {
  await expect(control).toHaveAttribute('aria-invalid', 'true');
  const described = (await control.getAttribute('aria-describedby'))?.split(' ') ?? [];
  expect(described).toContain(`${id}-error`);
  if (hint) expect(described).toContain(`${id}-hint`);
  await expect(page.locator(`#${id}-error`)).toHaveText(text);
}

/** Records the requests `page` sends to `path` from now on. */
function recordRequests(page: Page, path: string) {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === path) seen.push(r.method());
  });
  return seen;
}

for (const size of SIZES) {
  test.describe(`at ${size.name} size`, () => {
    test.use({ viewport: size.viewport });

    test('English errors are the human message for the code, without an "Error code" line', async ({ page }) => {
      await page.goto('/login');
      await page.getByLabel('Email').fill('nobody@example.test');
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Log in' }).click();
      const box = page.locator('.error-box');
      await expect(box).toHaveAttribute('data-error-code', 'invalid_credentials');
      await expect(box).toHaveText('Wrong email or password.');
      await expect(page.getByRole('main')).not.toContainText('Error code');
      await expect(page.getByRole('main')).not.toContainText('invalid_credentials');
    });

    test('the sign-up form states its rules first and puts each complaint next to its field', async ({ page }) => {
      await page.goto('/register');
      // The rules, before anything is typed.
      await expect(page.locator('#register-password-hint')).toHaveText(
        "At least 10 characters. Use a long password you don't use elsewhere.",
      );
      await expect(page.locator('#register-handle-hint')).toContainText('3 to 30 characters: a-z, 0-9 and _');
      const password = page.getByLabel('Password');
      await expect(password).not.toHaveAttribute('aria-invalid', 'true');
      await expect(password).toHaveAttribute('aria-describedby', 'register-password-hint');

      // A short password is refused in the browser, next to the field, with no request.
      const sent = recordRequests(page, '/api/v1/auth/register');
      const user = freshUser('rules');
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Handle').fill(user.handle);
      await page.getByLabel('Display name').fill(user.displayName);
      await password.fill('short');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expectFieldError(page, password, 'register-password', 'The password must have at least 10 characters.');
      await expect(password).toBeFocused();
      expect(sent).toEqual([]);

      // The server's complaint about the email address goes next to the email field.
      await password.fill(user.password);
      const email = page.getByLabel('Email');
      await email.fill('someone@localhost');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expectFieldError(page, email, 'register-email', 'That email address does not look right.', false);
      expect(sent).toEqual(['POST']);
      await expect(password).not.toHaveAttribute('aria-invalid', 'true');
      await expect(page.locator('.error-box')).toHaveCount(0);
    });

    test('in Chinese the same complaints read in Chinese', async ({ page }) => {
      await page.addInitScript(() => localStorage.setItem('atelier.locale', 'zh-TW'));
      await page.goto('/register');
      const password = page.locator('#register-password');
      await expect(page.locator('#register-password-hint')).toContainText('至少 10 個字元');
      await page.locator('#register-email').fill('someone@example.test');
      await page.locator('#register-handle').fill('_bad');
      await page.locator('#register-name').fill('某人');
      await password.fill('short');
      await page.locator('form button[type=submit]').click();
      await expectFieldError(
        page,
        page.locator('#register-handle'),
        'register-handle',
        '代稱須為 3 至 30 個字元（a-z、0-9 與 _），且不可以 _ 開頭。',
      );
      await page.locator('#register-handle').fill('good_handle');
      await page.locator('form button[type=submit]').click();
      await expectFieldError(page, password, 'register-password', '密碼至少需要 10 個字元。');
    });

    test('the bio shows a live count against its limit and says when it is too long', async ({ page }) => {
      await register(page, freshUser('bio'));
      await expect(page.getByRole('heading', { level: 2, name: 'Edit profile' })).toBeVisible();
      const bio = page.getByLabel('Bio');
      await expect(page.locator('#profile-bio-hint')).toHaveText('Optional, up to 2000 characters.');
      await bio.fill('I draw lanterns.');
      await expect(page.locator('#profile-bio-count')).toHaveText('16 / 2000 characters');
      await bio.fill('x'.repeat(2001));
      await expect(page.locator('#profile-bio-count')).toHaveText('2001 / 2000 characters');
      await expect(bio).toHaveAttribute('aria-invalid', 'true');
      await page.getByRole('button', { name: 'Save' }).click();
      await expectFieldError(page, bio, 'profile-bio', 'The bio can have at most 2000 characters.');
      await bio.fill('I draw lanterns.');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Your profile has been saved.' })).toBeVisible();
      await expect(bio).not.toHaveAttribute('aria-invalid', 'true');
    });

    test("the staff challenge form shows the phase-order complaint at the phase fields", async ({ page, request }) => {
      const staff = await apiToken(request, 'lin');
      const challenge = await createChallenge(request, staff);
      await logIn(page, 'lin@demo.atelier.test', DEMO_PASSWORD);
      await page.goto(`/staff/challenges/${challenge.slug}/edit`);
      await expect(page.locator('#challenge-times-hint')).toContainText('each after the one before');
      const votingOpens = page.getByLabel('Voting opens');
      // Voting would open before entries do.
      await votingOpens.fill('2020-01-01T10:00');
      await page.getByLabel('Reason for changing the timeline').fill('testing the order check');
      await page.getByRole('button', { name: 'Save changes' }).click();
      const error = page.locator('#challenge-times-error');
      await expect(error).toHaveText(
        'The dates must follow each other: entries open, voting opens, voting closes, results.',
      );
      for (const label of ['Entries open', 'Voting opens', 'Voting closes']) {
        const control = page.getByLabel(label, { exact: true });
        await expect(control).toHaveAttribute('aria-invalid', 'true');
        await expect(control).toHaveAttribute('aria-describedby', 'challenge-times-hint challenge-times-error');
      }
      await expect(page.locator('.error-box')).toHaveCount(0);
    });
  });
}
