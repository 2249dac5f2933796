// Uses the demo staff account the server seeds (ATELIER_DEMO__SEED=true).
import { test, expect, freshUser, logIn, register } from './fixtures';

const DEMO_PASSWORD = 'atelier-demo-2026';
const STAFF_EMAIL = 'lin@demo.atelier.test';

test('an expert application is approved by staff and shows as a badge', async ({ page, browser, server }) => {
  const user = freshUser('apply');
  await register(page, user);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Become an expert' }).click();
  await page.getByLabel('Field of expertise').fill('Packaging design');
  await page.getByLabel('About you and your work').fill('Ten years of tea tins and mooncake boxes.');
  await page.getByLabel('Portfolio links').fill('https://portfolio.example/tins');
  await page.getByRole('button', { name: 'Send application' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your application has been sent.' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'My applications' }).getByText('Pending')).toBeVisible();

  // Staff, in a separate browser context.
  const staffContext = await browser.newContext({ baseURL: server.url, locale: 'en-GB' });
  const staff = await staffContext.newPage();
  await logIn(staff, STAFF_EMAIL, DEMO_PASSWORD);
  const nav = staff.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Users' })).toBeVisible();
  await nav.getByRole('link', { name: 'Applications' }).click();
  const card = staff.getByRole('article').filter({ hasText: `@${user.handle}` });
  await expect(card).toBeVisible();
  await card.getByRole('button', { name: 'Approve' }).click();
  await expect(staff.getByRole('status').filter({ hasText: `@${user.handle}` })).toBeVisible();

  await nav.getByRole('link', { name: 'Audit log' }).click();
  await expect(staff.getByRole('table')).toBeVisible();
  await staffContext.close();

  await page.goto(`/u/${user.handle}`);
  await expect(page.getByTestId('expert-badge')).toContainText('Packaging design');
});

test('staff find a user and change their role', async ({ page, request }) => {
  // A fresh member: the demo accounts keep their roles for the other tests.
  const user = freshUser('role');
  const reg = await request.post('/api/v1/auth/register', {
    data: { email: user.email, handle: user.handle, display_name: user.displayName, password: user.password },
  });
  expect(reg.status(), await reg.text()).toBe(201);

  await logIn(page, STAFF_EMAIL, DEMO_PASSWORD);
  await page.goto('/staff/users');
  await page.getByLabel('Search by handle, name or email').fill(user.handle);
  await page.getByRole('button', { name: 'Search' }).click();
  const row = page.getByRole('row').filter({ hasText: user.email });
  await expect(row).toBeVisible();
  // Staff are offered only the roles they may grant.
  await expect(row.getByLabel(/New role for/).locator('option')).toHaveText(['Member', 'Expert']);
  await row.getByLabel(/New role for/).selectOption('expert');
  // Making an expert is a verification: it needs their field (shown on the badge).
  await row.getByLabel(/Field of expertise for/).fill('Illustration');
  await row.getByRole('button', { name: 'Change role' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is now: Expert' })).toBeVisible();
  const profile = await (await request.get(`/api/v1/users/${user.handle}`)).json();
  expect(profile.role).toBe('expert');
  expect(profile.expert_field).toBe('Illustration');
});

test('members see no staff links and staff pages refuse them', async ({ page }) => {
  await logIn(page, 'yuting@demo.atelier.test', DEMO_PASSWORD);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Applications' })).toHaveCount(0);
  await page.goto('/staff/users');
  await expect(page.getByText('This page is for staff only.')).toBeVisible();
});
