// Phone-size zh-TW screenshots of the main pages into docs/screenshots/, taken by
// scripts/screenshots.sh (not part of `make test`): the same real binary and demo
// data as the e2e suite.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: './screenshots',
  outputDir: './test-results-screenshots',
  retries: 0,
  use: {
    ...base.use,
    locale: 'zh-TW',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    screenshot: 'off',
    trace: 'off',
  },
});
