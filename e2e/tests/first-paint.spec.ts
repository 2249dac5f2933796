import { test, expect } from './fixtures';

// While the WASM is on its way (3 s on fast 3G, 8 s on slow 3G), index.html alone
// paints the header and a skeleton; the app replaces them once it has mounted.
for (const viewport of [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 900 },
]) {
  test(`the header and a skeleton show before the WASM arrives (${viewport.name})`, async ({ page }) => {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/_bg\.wasm$/, async (route) => {
      await held;
      await route.continue();
    });

    await page.goto('/', { waitUntil: 'domcontentloaded' });
    const boot = page.locator('#boot');
    await expect(boot).toBeVisible();
    await expect(boot.locator('.site-header .brand-name')).toHaveText('Atelier');
    await expect(boot.locator('.skeleton-card').first()).toBeVisible();
    const header = await boot.locator('.site-header').boundingBox();
    expect(header?.height ?? 0).toBeGreaterThan(30);
    // Nothing of the app yet: the WASM is held back.
    await expect(page.getByRole('navigation')).toHaveCount(0);

    release();
    await expect(page.getByRole('heading', { level: 2, name: 'Latest challenges' })).toBeVisible();
    await expect(page.locator('#boot')).toHaveCount(0);
    // One header: the app's own.
    await expect(page.locator('.site-header')).toHaveCount(1);
  });
}
