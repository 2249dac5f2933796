// Option images (issue 10, item 6): staff add them in the create form and, while the
// poll is scheduled, from its page, each time with a success message.
import { test, expect, DEMO_PASSWORD, logIn, CAT_JPG, SIZES } from './fixtures';


for (const size of SIZES) {
  test.describe(`at ${size.name} size`, () => {
    test.use({ viewport: size.viewport });

    test('staff add option images in the create form and while the poll is scheduled', async ({ page }) => {
      await logIn(page, 'lin@demo.atelier.test', DEMO_PASSWORD);
      await page.goto('/staff/polls/new');
      await page.getByLabel('Question').fill(`Which colour for the spring tin (${size.name})?`);
      await page.getByLabel('Product').fill('Spring tea tin');
      await page.getByLabel('Option 1', { exact: true }).fill('Celadon');
      await page.getByLabel('Option 2', { exact: true }).fill('Plum');
      await page.getByLabel('Image for option 1 (optional)').setInputFiles(CAT_JPG);
      await page.getByRole('button', { name: 'Create poll' }).click();

      await expect(page).toHaveURL(/\/polls\/\d+$/);
      await expect(page.getByRole('status').filter({ hasText: 'Poll created with one option image.' })).toBeVisible();
      const gallery = page.locator('.option-gallery img');
      await expect(gallery).toHaveCount(1);
      await expect.poll(() => gallery.first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

      // Still scheduled: the second option gets its image from the staff tools.
      const tools = page.getByRole('region', { name: 'Staff tools' });
      await expect(tools.getByText('Images can be added or replaced until the poll opens.')).toBeVisible();
      await tools.getByLabel('Image for Plum').setInputFiles(CAT_JPG);
      await expect(tools.getByRole('status').filter({ hasText: 'Image added for “Plum”.' })).toBeVisible();
      await expect(tools.locator('.option-image img')).toHaveCount(2);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('main *')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth)
          .map((el) => `${el.tagName}.${el.className}#${el.id}:${Math.round(el.getBoundingClientRect().right)}`)
          .slice(0, 12),
      );
      expect(overflow, wide.join('\n')).toBeLessThanOrEqual(0);
    });
  });
}
