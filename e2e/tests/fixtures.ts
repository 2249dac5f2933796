// Starts the real backend (`atelier serve`) once per worker on a free port with a
// fresh data directory and demo data, and points `baseURL` at it.
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
