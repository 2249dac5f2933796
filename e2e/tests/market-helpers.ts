// Marketplace set-up through the API for the browser tests: a published template (an
// expert creates it with previews and a source file, staff approve it), and an order.
import type { APIRequestContext } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, apiToken, bearer, CAT_JPG, IMAGES } from './fixtures';

export const PORTRAIT_JPG = path.join(IMAGES, 'jpg__portrait_2.jpg');

/** A harmless SVG source file: a box's dieline (shapes only; text must be outlined). */
export const SOURCE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">' +
  '<rect width="200" height="100" fill="#3a9d5d"/><path d="M20 20 H180 V80 H20 Z" fill="none" stroke="#1d1d1f"/></svg>';

export type Published = { id: number; title: string; fileName: string };

export type TemplateSpec = {
  title: string;
  category: string;
  licence: string;
  priceMinor: number;
  tags?: string[];
  /** Preview images, first is the cover; one cat by default. */
  previews?: string[];
  /** A demo creator (an expert); `kai` by default. */
  creator?: string;
  /** Or the access token of any member who may publish templates. */
  creatorToken?: string;
};

/** A unique suffix for names made by a test. */
export function uniqueId() {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

/** Creates, fills, submits and approves a template; it is in the catalogue afterwards. */
export async function publishTemplate(request: APIRequestContext, spec: TemplateSpec): Promise<Published> {
  const creator = spec.creatorToken ?? (await apiToken(request, spec.creator ?? 'kai'));
  const staff = await apiToken(request, 'lin');
  let res = await request.post('/api/v1/templates', {
    headers: bearer(creator),
    data: {
      title: spec.title,
      description: 'Made by the **browser tests**.',
      category: spec.category,
      tags: spec.tags ?? ['e2e'],
      canvas: { width: 1080, height: 1080, unit: 'px' },
      licence: spec.licence,
      price_minor: spec.priceMinor,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const id = (await res.json()).id as number;
  for (const image of spec.previews ?? [CAT_JPG]) {
    res = await request.post(`/api/v1/templates/${id}/previews`, {
      headers: bearer(creator),
      multipart: { file: { name: path.basename(image), mimeType: 'image/jpeg', buffer: readFileSync(image) } },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  const fileName = `dieline-${id}.svg`;
  res = await request.post(`/api/v1/templates/${id}/files`, {
    headers: bearer(creator),
    multipart: { file: { name: fileName, mimeType: 'image/svg+xml', buffer: Buffer.from(SOURCE_SVG) } },
  });
  expect(res.status(), await res.text()).toBe(201);
  res = await request.post(`/api/v1/templates/${id}/submit`, { headers: bearer(creator) });
  expect(res.ok(), await res.text()).toBeTruthy();
  res = await request.post(`/api/v1/staff/templates/${id}/review`, {
    headers: bearer(staff),
    data: { approve: true },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  return { id, title: spec.title, fileName };
}

/** Lists may come bare or as `{items}`. */
function itemsOf<T>(body: T[] | { items: T[] }): T[] {
  return Array.isArray(body) ? body : body.items;
}

const A11Y_TITLE = 'Accessibility check poster 無障礙檢查海報';

/**
 * A paid template and the demo member `yuting`'s pending bank-transfer order for it,
 * made once per server: what the accessibility check shows the market pages with.
 */
export async function marketDemo(request: APIRequestContext): Promise<{ template: number; order: number }> {
  const listed = await request.get('/api/v1/templates?creator=kai&sort=newest&limit=48');
  expect(listed.ok(), await listed.text()).toBeTruthy();
  const existing = ((await listed.json()).items as { id: number; title: string }[]).find((t) => t.title === A11Y_TITLE);
  const template =
    existing?.id ??
    (
      await publishTemplate(request, {
        title: A11Y_TITLE,
        category: 'poster',
        licence: 'paid_multi_use',
        priceMinor: 150_000,
        tags: ['a11y', 'poster'],
        previews: [CAT_JPG, PORTRAIT_JPG],
      })
    ).id;
  const member = await apiToken(request, 'yuting');
  const orders = await request.get('/api/v1/me/orders', { headers: bearer(member) });
  expect(orders.ok(), await orders.text()).toBeTruthy();
  const mine = itemsOf((await orders.json()) as { id: number; template_id: number }[]).find((o) => o.template_id === template);
  if (mine) return { template, order: mine.id };
  const res = await request.post('/api/v1/orders', {
    headers: bearer(member),
    data: { template_id: template, idempotency_key: `a11y-${uniqueId()}`, method: 'bank_transfer' },
  });
  expect(res.status(), await res.text()).toBe(201);
  return { template, order: (await res.json()).id };
}
