// End-to-end flows in headless Chromium (Debian's /usr/bin/chromium via playwright-core)
// against a seeded server at BASE_URL: sign-in → search → customer 360, the
// cardholder portal, and role redirects. Any uncaught page error fails the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, MASKED_PAN, PASSWORD, launch, open as openPage, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
const open = (viewport) => openPage(browser, viewport);

test('opening the app signed out logs no console error (the session probe answers 200)', async () => {
  const { page, errors, context } = await open();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  const probe = page.waitForResponse((r) => r.url().endsWith('/api/v1/session/probe'));
  await page.goto(`${BASE}/`);
  assert.equal((await probe).status(), 200);
  await page.getByLabel('用户名').waitFor();
  assert.match(page.url(), /\/sign-in/);
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a wrong password shows a clear error and stays on sign-in', async () => {
  const { page, errors, context } = await open();
  await signIn(page, 'marketer', 'wrong-password');
  await page.getByRole('alert').filter({ hasText: '用户名或密码不正确' }).waitFor();
  assert.match(page.url(), /\/sign-in/);
  // empty fields are caught before sending
  await page.getByLabel('用户名').fill('');
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('#username-error').filter({ hasText: '必填' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('marketer signs in, searches, and opens a 360 with masked cards and spend charts', async () => {
  const { page, errors, context } = await open();
  await signIn(page, 'marketer');
  await page.waitForURL(/\/customers/);
  // pick a real surname from the data through the same session
  const list = await (await page.request.get(`${BASE}/api/v1/customers?per_page=1`)).json();
  const target = list.items[0];
  const surname = [...target.name][0];
  const search = page.getByRole('searchbox', { name: '搜索' }).last();
  await search.fill(surname);
  await search.press('Enter');
  await page.waitForURL(/q=/);
  await page.getByRole('status').filter({ hasText: /共 [\d,]+ 位客户/ }).waitFor();
  // the unfiltered list stays on screen until the search answers
  await page.waitForFunction((s) => {
    const cells = [...document.querySelectorAll('table.data tbody tr td:nth-child(2)')];
    return cells.length > 0 && cells.every((c) => c.innerText.startsWith(s));
  }, surname);
  const rows = page.locator('table.data tbody tr');
  assert.ok(await rows.count() > 0);
  for (const name of await page.locator('table.data tbody tr td:nth-child(2)').allInnerTexts()) {
    assert.ok(name.startsWith(surname), `${name} should start with ${surname}`);
  }
  await rows.first().click();
  await page.waitForURL(/\/customers\/\d+$/);
  await page.getByRole('heading', { name: '月度消费趋势' }).waitFor();
  await page.getByRole('heading', { name: '消费类别构成' }).waitFor();
  await page.getByRole('img', { name: '月度消费趋势' }).waitFor();
  // the chart has a table view with 12 months
  await page.getByRole('button', { name: '表格' }).first().click();
  assert.equal(await page.locator('figure table.data tbody tr').first().locator('xpath=../tr').count(), 12);
  // cards are masked, on the cards tab
  await page.getByRole('link', { name: '卡片与账单', exact: true }).click();
  await page.locator('.card-tile .pan').first().waitFor();
  const pans = await page.locator('.card-tile .pan').allInnerTexts();
  assert.ok(pans.length > 0, 'the 360 lists cards');
  for (const pan of pans) assert.match(pan.trim(), MASKED_PAN);
  // the page never contains an unmasked 16-digit number
  assert.doesNotMatch(await page.content(), /\b\d{16}\b/);
  // English toggle
  await page.getByRole('button', { name: 'EN' }).click();
  await page.getByRole('heading', { name: 'Statements', exact: true }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a cardholder sees only their own cards and cannot open staff pages', async () => {
  const { page, errors, context } = await open({ width: 390, height: 844 });
  await signIn(page, 'cardholder');
  await page.waitForURL(/\/portal/);
  await page.getByRole('heading', { name: '我的卡片' }).waitFor();
  await page.locator('.pcard .pan').first().waitFor();
  const own = await (await page.request.get(`${BASE}/api/v1/me/cards`)).json();
  const shown = await page.locator('.pcard .pan').allInnerTexts();
  const open_ = own.filter((c) => c.status !== 'closed');
  assert.equal(shown.length, open_.length);
  for (const pan of shown) {
    assert.match(pan.trim(), MASKED_PAN);
    assert.ok(open_.some((c) => c.masked_pan === pan.trim()));
  }
  // staff pages send a cardholder back to the portal; the API refuses too
  await page.goto(`${BASE}/customers`);
  await page.waitForURL(/\/portal/);
  const denied = await page.request.get(`${BASE}/api/v1/customers/2`);
  assert.equal(denied.status(), 403);
  // sign out (in the account menu) ends the session
  await page.getByRole('button', { name: '我的账户' }).click();
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/sign-in/);
  const after_ = await page.request.get(`${BASE}/api/v1/session`);
  assert.equal(after_.status(), 401);
  assert.deepEqual(errors, []);
  await context.close();
});

test('deep links load the app, and a signed-out visitor is sent to sign-in and back', async () => {
  const { page, errors, context } = await open();
  await page.goto(`${BASE}/customers/3`);
  await page.waitForURL(/\/sign-in\?next=/);
  await page.getByLabel('用户名').fill('agent');
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/customers\/3$/);
  await page.getByRole('heading', { name: '客户洞察' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
