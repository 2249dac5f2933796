// Expert applications (issue 10, item 8): /expert shows the member's application
// state (pending, rejected with the reason, approved) instead of the form, and states
// the bio rule with a counter before anyone fails it. Phone and desktop sizes.
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, apiToken, bearer, freshUser, register, SIZES, fitsTheWidth } from './fixtures';


const BIO = 'I letter signs for tea houses in Tainan, mostly by hand.';

async function decide(request: APIRequestContext, handle: string, body: object) {
  const staff = await apiToken(request, 'lin');
  const list = await (
    await request.get('/api/v1/expert-applications?status=pending', { headers: bearer(staff) })
  ).json();
  const app = list.items.find((a: { handle: string }) => a.handle === handle);
  expect(app, `a pending application by ${handle}`).toBeTruthy();
  const res = await request.post(`/api/v1/expert-applications/${app.id}/decision`, {
    headers: bearer(staff),
    data: body,
  });
  expect(res.ok(), await res.text()).toBeTruthy();
}

async function apply(page: Page) {
  await page.getByLabel('Field of expertise').fill('Lettering');
  await page.getByLabel('About you and your work').fill(BIO);
  await page.getByLabel('Portfolio links').fill('https://letters.example.com/work');
  await page.getByRole('button', { name: 'Send application' }).click();
}


for (const size of SIZES) {
  test.describe(`at ${size.name} size`, () => {
    test.use({ viewport: size.viewport });

    test('a pending application shows its state instead of the form; rejected and approved states follow', async ({
      page,
      request,
    }) => {
      test.setTimeout(90_000);
      const user = freshUser('exp');
      await register(page, user);
      await page.goto('/expert');

      // The rule comes first, with a counter.
      const state = page.getByTestId('application-state');
      await expect(state).toHaveCount(0);
      await expect(page.getByText('Between 20 and 2000 characters about your work')).toBeVisible();
      const counter = page.getByTestId('expert-bio-count');
      await expect(counter).toHaveText('0 characters (at least 20, at most 2000)');
      await page.getByLabel('About you and your work').fill('Too short');
      await expect(counter).toHaveText('9 characters (at least 20, at most 2000)');
      await expect(counter).toHaveClass(/counter-short/);
      await fitsTheWidth(page);

      await apply(page);
      await expect(state).toHaveAttribute('data-status', 'pending');
      await expect(state).toContainText('Your application is waiting for review');
      await expect(state).toContainText('You applied as an expert in Lettering.');
      await expect(page.getByRole('button', { name: 'Send application' })).toHaveCount(0);
      await page.reload();
      await expect(state).toHaveAttribute('data-status', 'pending');
      await expect(page.getByRole('button', { name: 'Send application' })).toHaveCount(0);
      await fitsTheWidth(page);

      await decide(request, user.handle, { approve: false, reason: 'Please show work from this year.' });
      await page.reload();
      await expect(state).toHaveAttribute('data-status', 'rejected');
      await expect(state).toContainText('Your application was not approved');
      await expect(state).toContainText("Staff's reason: Please show work from this year.");
      await expect(state).toContainText('You may apply again');
      // A rejected member may apply again.
      await expect(page.getByRole('button', { name: 'Send application' })).toBeVisible();
      await apply(page);
      await expect(state).toHaveAttribute('data-status', 'pending');

      await decide(request, user.handle, { approve: true });
      await page.reload();
      await expect(state).toHaveAttribute('data-status', 'approved');
      await expect(state).toContainText('You are a verified expert in Lettering.');
      await expect(page.getByRole('button', { name: 'Send application' })).toHaveCount(0);
      // Approval copied the application's bio to the profile.
      await page.goto(`/u/${user.handle}`);
      await expect(page.getByText(BIO)).toBeVisible();
      await fitsTheWidth(page);
    });
  });
}

test.describe('in zh-TW', () => {
  test.use({ locale: 'zh-TW', viewport: { width: 390, height: 844 } });

  test('the pending state and the bio rule read in Chinese', async ({ page }) => {
    const user = freshUser('expzh');
    await page.goto('/');
    await page.evaluate(() => localStorage.setItem('atelier.locale', 'zh-TW'));
    await page.goto('/register');
    await page.locator('#register-email').fill(user.email);
    await page.locator('#register-handle').fill(user.handle);
    await page.locator('#register-name').fill(user.displayName);
    await page.locator('#register-password').fill(user.password);
    await page.locator('form button[type="submit"]').click();
    await expect(page.getByRole('banner').getByTestId('current-user')).toHaveText(`@${user.handle}`);
    await page.goto('/expert');
    await expect(page.getByText('請用 20 至 2000 個字介紹你的作品')).toBeVisible();
    await expect(page.getByTestId('expert-bio-count')).toHaveText('已輸入 0 個字（至少 20 個，最多 2000 個）');
    await page.locator('#expert-field').fill('書法');
    await page.locator('#expert-bio').fill(BIO);
    await page.locator('#expert-links').fill('https://letters.example.com/work');
    await page.locator('form button[type="submit"]').click();
    const state = page.getByTestId('application-state');
    await expect(state).toHaveAttribute('data-status', 'pending');
    await expect(state).toContainText('你的申請正在等待審核');
    await expect(state).toContainText('你申請成為「書法」領域的專家。');
  });
});
