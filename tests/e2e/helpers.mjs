// Shared helpers of the browser tests: Debian's Chromium via playwright-core.
import { chromium } from 'playwright-core';

export const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
export const PASSWORD = 'Cardinal@2026';
export const MASKED_PAN = /^\d{6}\*{6}\d{4}$/;

/** Launches headless Chromium with the flags that work offline here. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh page whose uncaught errors are collected in `errors`. */
export async function open(browser, viewport = { width: 1366, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors, context };
}

/** Signs in through the form. */
export async function signIn(page, username, password = PASSWORD) {
  await page.goto(`${BASE}/sign-in`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}
