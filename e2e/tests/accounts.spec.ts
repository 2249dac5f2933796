import { test, expect, freshUser, register, refreshCookie, SESSION_HINT_KEY } from './fixtures';
import { crc32, deflateSync } from 'node:zlib';

test('a new member registers, logs out, logs in again and stays logged in across a reload', async ({ page }) => {
  const user = freshUser();
  const header = page.getByRole('banner');
  const currentUser = header.getByTestId('current-user');

  await page.goto('/');
  await header.getByRole('link', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create your account' })).toBeVisible();
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Handle').fill(user.handle);
  await page.getByLabel('Display name').fill(user.displayName);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(currentUser).toHaveText(`@${user.handle}`);
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
  await expect(header.getByRole('link', { name: 'Log in' })).toHaveCount(0);
  await expect(header.getByRole('link', { name: 'Applications' })).toHaveCount(0);

  await header.getByRole('button', { name: 'Log out' }).click();
  await expect(header.getByRole('link', { name: 'Log in' })).toBeVisible();
  await expect(currentUser).toHaveCount(0);
  expect(await page.evaluate((k) => localStorage.getItem(k), SESSION_HINT_KEY)).toBeNull();
  // Log-out cleared the refresh cookie too.
  await expect.poll(() => refreshCookie(page)).toBeUndefined();

  await header.getByRole('link', { name: 'Log in' }).click();
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(currentUser).toHaveText(`@${user.handle}`);

  const before = (await refreshCookie(page))?.value;
  expect(before).toBeTruthy();
  await page.reload();
  await expect(currentUser).toHaveText(`@${user.handle}`);
  // The refresh token is single-use: restoring the session set a new cookie.
  const after = (await refreshCookie(page))?.value;
  expect(after).toBeTruthy();
  expect(after).not.toBe(before);
  // The restored session can make authenticated calls.
  await page.goto('/me');
  await expect(page.getByText(user.email)).toBeVisible();
});

test('a wrong password shows the server error next to the form', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill('nobody@example.test');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toBeVisible();
  await expect(alert).toHaveText('Wrong email or password.');
  await expect(alert).not.toContainText('Error code');
  await expect(page.getByRole('banner').getByTestId('current-user')).toHaveCount(0);
});

test('a member edits their profile and it shows on their public page', async ({ page }) => {
  const user = freshUser('bio');
  await register(page, user);
  await expect(page.getByRole('heading', { level: 2, name: 'Edit profile' })).toBeVisible();

  await page.getByLabel('Display name').fill('Renamed Member');
  await page.getByLabel('Bio').fill('I draw lanterns.');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your profile has been saved.' })).toBeVisible();

  await page.getByRole('link', { name: 'View my public profile' }).click();
  await expect(page).toHaveURL(new RegExp(`/u/${user.handle}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Renamed Member' })).toBeVisible();
  await expect(page.getByText('I draw lanterns.')).toBeVisible();
});

/** A solid-colour PNG of the given size, built here so the suite ships no binary files. */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('a member uploads an avatar after previewing it', async ({ page }) => {
  const user = freshUser('pic');
  await register(page, user);
  await expect(page.getByRole('heading', { level: 2, name: 'Avatar' })).toBeVisible();

  const upload = page.getByRole('button', { name: 'Upload avatar' });
  await expect(upload).toBeDisabled();
  await page.getByLabel(/Choose an image/).setInputFiles({
    name: 'avatar.png',
    mimeType: 'image/png',
    buffer: png(128, 128, [163, 57, 31]),
  });
  await expect(page.getByRole('img', { name: 'Preview of your new avatar' })).toBeVisible();
  await upload.click();
  await expect(page.getByRole('status').filter({ hasText: 'Your avatar has been updated.' })).toBeVisible();
  const avatar = page.getByRole('img', { name: `Avatar of ${user.displayName}` });
  await expect(avatar).toBeVisible();
  await expect(page.getByRole('img', { name: 'Preview of your new avatar' })).toHaveCount(0);

  await page.goto(`/u/${user.handle}`);
  await expect(page.getByRole('img', { name: `Avatar of ${user.displayName}` })).toBeVisible();
});

test('a file that is not an image is refused before upload', async ({ page }) => {
  await register(page, freshUser('txt'));
  await page.getByLabel(/Choose an image/).setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('hello'),
  });
  await expect(page.getByText('Please choose a PNG, JPEG, WebP or GIF image.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Upload avatar' })).toBeDisabled();
});

test.describe('in Traditional Chinese', () => {
  test.use({ locale: 'zh-TW' });

  test('server errors are shown in the reader’s language, their code kept out of the text', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('電子郵件').fill('nobody@example.test');
    await page.getByLabel('密碼').fill('not-the-password');
    await page.getByRole('button', { name: '登入' }).click();
    const alert = page.getByRole('main').getByRole('alert');
    await expect(alert).toHaveText('電子郵件或密碼不正確。');
    await expect(alert).toHaveAttribute('data-error-code', 'invalid_credentials');
  });
});
