// The finance staff's tools at phone width: a product made with its royalty agreement
// (co-creators by handle), the server's complaints next to the field they concern, a
// sales CSV recorded line by line and one rejected with every bad line listed, a
// template's agreement replaced, and a challenge's prize money per place.
import { test, expect, logIn, DEMO_PASSWORD, fitsTheWidth, createChallenge, apiToken } from './fixtures';
import { publishTemplate, uniqueId } from './market-helpers';

const ADMIN = 'ada@demo.atelier.test';
const HEADER = 'product_code,period,units,net_sales,currency';

/** `YYYY-MM` of the month before this one, Taipei time. */
function lastMonth(): string {
  const t = new Date(Date.now() + 8 * 3600_000);
  const [y, m] = [t.getUTCFullYear(), t.getUTCMonth() + 1];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

test('finance staff make a product, import its sales, change a template agreement and set prizes', async ({ page, request }) => {
  test.setTimeout(120_000);
  const template = await publishTemplate(request, {
    title: `Agreement poster ${uniqueId()}`,
    category: 'poster',
    licence: 'paid_single_use',
    priceMinor: 20_000,
  });
  await page.setViewportSize({ width: 375, height: 812 });
  await logIn(page, ADMIN, DEMO_PASSWORD);

  // A product whose agreement began last month, shared by two co-creators.
  const code = `E2E-${uniqueId().toUpperCase()}`;
  const month = lastMonth();
  await page.goto('/finance/products');
  await expect(page.getByRole('heading', { level: 1, name: 'Products' })).toBeVisible();
  await page.getByLabel('Code').fill(code);
  await page.getByLabel('Name', { exact: true }).fill('E2E tote bag');
  await page.getByLabel("Creators' share (%)").fill('12.5');
  await page.getByLabel('Starts').fill(`${month}-01`);
  await page.getByLabel('Co-creator 1: user id or @handle').fill('@kai');
  await page.getByRole('button', { name: 'Add a co-creator' }).click();
  await page.getByLabel('Co-creator 2: user id or @handle').fill('@mei');
  await fitsTheWidth(page);
  await page.getByRole('button', { name: 'Create product' }).click();
  await expect(page).toHaveURL(/\/finance\/products\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'E2E tote bag' })).toBeVisible();
  await expect(page.getByTestId('agreement-share')).toHaveText('12.5%');
  await expect(page.getByTestId('agreement')).toContainText('@kai');
  await expect(page.getByTestId('agreement')).toContainText('@mei');
  await fitsTheWidth(page);

  // The same code again: the complaint is next to the code; an unknown handle is named.
  await page.goto('/finance/products');
  await page.getByLabel('Code').fill(code);
  await page.getByLabel('Name', { exact: true }).fill('Again');
  await page.getByLabel('Co-creator 1: user id or @handle').fill('@kai');
  await page.getByRole('button', { name: 'Create product' }).click();
  await expect(page.locator('#product-code-error')).toBeVisible();
  await expect(page.getByLabel('Code')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Code').fill(`${code}-B`);
  await page.getByLabel('Co-creator 1: user id or @handle').fill('@nosuchcreator');
  await page.getByRole('button', { name: 'Create product' }).click();
  await expect(page.getByText('No user has the handle @nosuchcreator.')).toBeVisible();

  // Sales: recorded line by line (NT$10,000 at 12.5 % is NT$1,250 of royalties)...
  await page.goto('/finance/sales');
  await page.getByLabel('Or paste the lines').fill(`${HEADER}\n${code},${month},10,10000.00,TWD\n`);
  await page.getByRole('button', { name: 'Import sales' }).click();
  const outcome = page.getByTestId('sales-outcome');
  await expect(outcome).toHaveCount(1);
  await expect(outcome).toContainText('Posted');
  await expect(outcome).toContainText('NT$1,250');
  // ...and a file with bad lines is refused whole, every bad line listed.
  await page.getByLabel('Or paste the lines').fill(`${HEADER}\nNOPE,${month},1,5.00,TWD\n${code},2026-13,1,5.00,TWD\n`);
  await page.getByRole('button', { name: 'Import sales' }).click();
  const bad = page.getByTestId('sales-bad-line');
  await expect(bad).toHaveCount(2);
  await expect(bad.filter({ hasText: 'Line 2' })).toContainText('No product has this code.');
  await expect(bad.filter({ hasText: 'Line 3' })).toContainText('The period must be a month');
  await fitsTheWidth(page);

  // A template's agreement: the default (35 %) until finance staff set one.
  await page.goto(`/finance/templates/${template.id}/agreement`);
  await expect(page.getByTestId('agreement-share')).toHaveText('35%');
  await page.getByLabel("Creators' share (%)").fill('40');
  await page.getByRole('button', { name: 'Save agreement' }).click();
  await expect(page.getByText('The agreement has been saved.')).toBeVisible();
  await expect(page.getByTestId('agreement-share')).toHaveText('40%');
  await fitsTheWidth(page);

  // Prize money per place on a challenge's edit page, kept as entered.
  const challenge = await createChallenge(request, await apiToken(request, 'lin'));
  await page.goto(`/staff/challenges/${challenge.slug}/edit`);
  await page.getByLabel('1st place (TWD)').fill('5000');
  await page.getByLabel('2nd place (TWD)').fill('2000.50');
  await page.getByRole('button', { name: 'Save prizes' }).click();
  await expect(page.getByText('The prizes have been saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('2nd place (TWD)')).toHaveValue('2000.50');
  await fitsTheWidth(page);
});
