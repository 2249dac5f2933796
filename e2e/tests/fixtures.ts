// Starts the real backend (`atelier serve`) once per worker on a free port with a
// fresh data directory and demo data, and points `baseURL` at it.
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repo = path.resolve(__dirname, '..', '..');
const START_TIMEOUT_MS = 60_000;
const READY_LINE = /Atelier is running at (http:\/\/\S+?)\/?\r?\n/;

export type Server = { url: string; dataDir: string };

async function startServer(): Promise<{ server: Server; stop: () => Promise<void> }> {
  const bin = path.resolve(process.env.ATELIER_BIN ?? path.join(repo, 'target', 'debug', 'atelier'));
  const frontendDir = path.join(repo, 'frontend', 'dist');
  if (!existsSync(bin)) {
    throw new Error(`backend binary not found at ${bin}: run \`cargo build -p atelier-backend\` or set ATELIER_BIN`);
  }
  if (!existsSync(path.join(frontendDir, 'index.html'))) {
    throw new Error(`${frontendDir}/index.html is missing: run scripts/build-frontend.sh first`);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'atelier-e2e-'));
  const child: ChildProcess = spawn(bin, ['serve'], {
    cwd: dataDir,
    env: {
      ...process.env,
      ATELIER_HTTP__PORT: '0',
      ATELIER_DATA_DIR: dataDir,
      ATELIER_FRONTEND_DIR: frontendDir,
      ATELIER_DEMO__SEED: 'true',
      // The suite logs in far more often than the default 10 per minute per IP allows.
      ATELIER_AUTH__RATE_LIMIT_ATTEMPTS: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const url = await new Promise<string>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(
        new Error(
          `atelier did not come up: ${why}\n--- stdout ---\n${stdout.slice(-4000)}\n--- stderr ---\n${stderr.slice(-8000)}`,
        ),
      );
    };
    const timer = setTimeout(() => fail(`no "Atelier is running at" line within ${START_TIMEOUT_MS / 1000}s`), START_TIMEOUT_MS);
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = READY_LINE.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('error', (err) => fail(`could not start ${bin}: ${err.message}`));
    child.once('exit', (code, signal) => fail(`it exited early (code ${code}, signal ${signal})`));
  }).catch(async (err) => {
    await stop();
    throw err;
  });
  return { server: { url, dataDir }, stop };
}

export const test = base.extend<{}, { server: Server }>({
  server: [
    async ({}, use) => {
      const { server, stop } = await startServer();
      try {
        await use(server);
      } finally {
        await stop();
      }
    },
    { scope: 'worker', timeout: START_TIMEOUT_MS + 15_000 },
  ],
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
});

export { expect };

/** A unique, valid handle and e-mail for a fresh account. */
export function freshUser(prefix = 'e2e') {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  const handle = `${prefix}${id}`.slice(0, 24);
  return {
    handle,
    email: `${handle}@example.test`,
    displayName: `E2E ${id}`,
    password: 'correct-horse-battery-staple',
  };
}

/** Registers `user` through the sign-up form and waits until the header shows them. */
export async function register(page: Page, user: ReturnType<typeof freshUser>) {
  await page.goto('/register');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Handle').fill(user.handle);
  await page.getByLabel('Display name').fill(user.displayName);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('banner').getByTestId('current-user')).toHaveText(`@${user.handle}`);
}

/** Logs in through the form and waits until the header shows a user. */
export async function logIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('banner').getByTestId('current-user')).toBeVisible();
}

export const DEMO_PASSWORD = 'atelier-demo-2026';

/** Real images shared by the test suites (outside the repository: ../shared/testdata/images). */
export const IMAGES = process.env.ATELIER_TEST_IMAGES ?? path.resolve(repo, '..', 'shared', 'testdata', 'images');
export const CAT_JPG = path.join(IMAGES, 'jpg__progressive__cat.jpg');

/** An access token for a demo account (`lin`, `yuting`, ...) straight from the API. */
export async function apiToken(request: APIRequestContext, who: string): Promise<string> {
  const res = await request.post('/api/v1/auth/login', {
    data: { email: `${who}@demo.atelier.test`, password: DEMO_PASSWORD },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  return (await res.json()).access_token;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A unique slug for a challenge made by a test. */
export function freshSlug(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4).toString(36)}`;
}

const HOUR = 3600_000;

/**
 * Creates a published challenge whose clock puts it in its submissions phase (accepting
 * any size of JPEG or PNG), optionally moved to another phase by a staff override; a
 * colour challenge when given a palette.
 */
export async function createChallenge(
  request: APIRequestContext,
  staffToken: string,
  opts: { slug?: string; title?: string; entriesPerMember?: number; phase?: string; palette?: string[] } = {},
) {
  const slug = opts.slug ?? freshSlug('e2e');
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const res = await request.post('/api/v1/challenges', {
    headers: bearer(staffToken),
    data: {
      slug,
      title: opts.title ?? `E2E ${slug}`,
      brief: 'Made by the **browser tests**.',
      theme: opts.palette ? 'colour' : 'topic',
      ...(opts.palette ? { palette: opts.palette } : {}),
      status: 'published',
      rules: { entries_per_member: opts.entriesPerMember ?? 3, accepted_formats: ['jpeg', 'png'], min_width: 0, min_height: 0 },
      prizes: 'Glory',
      submissions_open_at: iso(now - HOUR),
      voting_open_at: iso(now + 24 * HOUR),
      voting_close_at: iso(now + 48 * HOUR),
      results_at: iso(now + 72 * HOUR),
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  if (opts.phase) await setPhase(request, staffToken, slug, opts.phase);
  return (await res.json()) as { slug: string; title: string };
}

export async function setPhase(request: APIRequestContext, staffToken: string, slug: string, phase: string | null) {
  const res = await request.put(`/api/v1/challenges/${slug}/phase-override`, {
    headers: bearer(staffToken),
    data: { phase, reason: 'set up by the browser tests' },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
}

/** Submits an entry through the API (multipart, like the browser form). */
export async function submitEntry(
  request: APIRequestContext,
  token: string,
  slug: string,
  title: string,
  file = CAT_JPG,
): Promise<{ id: number; title: string }> {
  const res = await request.post(`/api/v1/challenges/${slug}/entries`, {
    headers: bearer(token),
    multipart: {
      file: { name: path.basename(file), mimeType: 'image/jpeg', buffer: readFileSync(file) },
      title,
      description: 'Submitted by the browser tests.',
      tags: 'e2e',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

/** The refresh cookie's name; the browser keeps it, page script never sees it. */
export const REFRESH_COOKIE = 'atelier_refresh';

/** Set while the app believes it has a session (a hint only: the token is in the cookie). */
export const SESSION_HINT_KEY = 'atelier.session';

/** The refresh cookie of `page`'s browser context, if there is one. */
export async function refreshCookie(page: Page) {
  const cookies = await page.context().cookies();
  return cookies.find((c) => c.name === REFRESH_COOKIE);
}

/**
 * Collects Content-Security-Policy violations in `page` from now on: the
 * `securitypolicyviolation` events of every document it loads, and console
 * messages that mention the policy. Call before the first navigation.
 */
export async function collectCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__atelierCspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __atelierCspViolation: (v: string) => void }).__atelierCspViolation;
      report(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(`console: ${msg.text()}`);
  });
  return violations;
}

/** The two sizes every page is tested at: a phone and a desktop. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };
export const SIZES = [
  { name: 'phone', viewport: PHONE },
  { name: 'desktop', viewport: DESKTOP },
] as const;

/** Nothing on the page is wider than the viewport (no sideways scrolling). */
export async function fitsTheWidth(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
