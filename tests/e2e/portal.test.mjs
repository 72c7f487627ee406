// The cardholder portal at phone width: converting a purchase to
// installments (fee and schedule before confirming, the plan on the bill,
// the agent's 360 showing it), bills with search, category filter and CSV,
// membership and points history, Learn, and the home summary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE = { width: 375, height: 800 };

test('a cardholder converts a purchase to installments and sees it on the bill', async () => {
  const { page, errors } = await open(browser, PHONE);
  await signIn(page, 'cardholder');
  await page.waitForURL(/\/portal/);
  const eligible = await (await page.request.get(`${BASE}/api/v1/me/installments/eligible`)).json();
  assert.ok(eligible.length > 0, 'the demo cardholder has a purchase to split');
  const target = eligible[0];
  const six = target.quotes.find((q) => q.months === 6);

  await page.getByRole('link', { name: '账单', exact: true }).click();
  await page.waitForURL(/\/portal\/bills/);
  await page.getByRole('link', { name: '消费分期' }).click();
  await page.waitForURL(/\/portal\/installments$/);
  const row = page.locator('li.installment').first();
  await row.getByRole('button', { name: '分期', exact: true }).click();
  // 3 months first; switching to 6 shows that term's fee and a 6-row schedule
  await row.getByRole('radio', { name: '6 期' }).check();
  await row.locator('table.schedule tbody tr').nth(5).waitFor();
  assert.equal(await row.locator('table.schedule tbody tr').count(), 6);
  const fee = (six.fee_total.fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
  await row.locator('.quote').getByText(fee, { exact: false }).first().waitFor();
  // a double tap converts once
  await row.getByRole('button', { name: '确认分期' }).dblclick();
  await page.locator('.reward-message', { hasText: '已办理分期' }).waitFor();
  const plans = await (await page.request.get(`${BASE}/api/v1/me/installments`)).json();
  assert.equal(plans.filter((p) => p.transaction_id === target.transaction.id).length, 1);
  assert.equal(plans[0].quote.months, 6);

  // the first instalment is on this cycle's bill, and the purchase is marked
  await page.getByRole('link', { name: '查看账单' }).click();
  await page.waitForURL(/\/portal\/bills\?card=/);
  const posting = page.locator('li.posting').filter({ hasText: target.transaction.merchant });
  await posting.getByText('第 1/6 期').waitFor();

  // the agent sees the converted purchase in the customer's installments
  const agent = await open(browser, { width: 1400, height: 1000 });
  await signIn(agent.page, 'agent');
  await agent.page.waitForURL(/\/customers/);
  const staff = await (await agent.page.request.get(`${BASE}/api/v1/customers/1/installments`)).json();
  assert.ok(staff.items.some((t) => t.id === target.transaction.id));
  assert.deepEqual(errors, []);
  assert.deepEqual(agent.errors, []);
});

test('a cardholder searches and filters a bill and downloads it', async () => {
  const { page, errors } = await open(browser, PHONE);
  await signIn(page, 'cardholder');
  await page.waitForURL(/\/portal/);
  const cycles = await (await page.request.get(`${BASE}/api/v1/me/bills/cycles`)).json();
  const billed = cycles.find((c) => c.billed);
  await page.goto(`${BASE}/portal/bills?card=${billed.card_id}&cycle=${billed.cycle}`);
  await page.locator('.bill-summary', { hasText: '账单余额' }).waitFor();
  await page.locator('.bill-summary', { hasText: '到期还款日' }).waitFor();
  const all = await (await page.request.get(`${BASE}/api/v1/me/bills?card=${billed.card_id}&cycle=${billed.cycle}`)).json();
  const category = all.transactions.items[0].category;
  await page.getByLabel('类别').selectOption(category);
  await page.waitForURL(new RegExp(`category=${category}`));
  const filtered = await (await page.request.get(
    `${BASE}/api/v1/me/bills?card=${billed.card_id}&cycle=${billed.cycle}&category=${category}`)).json();
  await page.waitForFunction((n) => document.querySelectorAll('ul.tx-list li').length === n,
    Math.min(filtered.transactions.total, 20));
  // search by merchant
  const merchant = all.transactions.items[0].merchant;
  await page.getByLabel('搜索商户').fill(merchant);
  await page.getByRole('button', { name: '搜索' }).click();
  await page.waitForURL(/q=/);
  await page.locator('ul.tx-list li', { hasText: merchant }).first().waitFor();
  // CSV with BOM
  const href = await page.getByRole('link', { name: '下载 CSV' }).getAttribute('href');
  const csv = await page.request.get(`${BASE}${href}`);
  assert.equal(csv.status(), 200);
  const body = await csv.text();
  assert.ok(body.startsWith('\ufeff'));
  assert.ok(body.includes(merchant));
  assert.deepEqual(errors, []);
});

test('membership, points history and Learn on a phone', async () => {
  const { page, errors } = await open(browser, PHONE);
  await signIn(page, 'cardholder');
  await page.waitForURL(/\/portal/);
  const m = await (await page.request.get(`${BASE}/api/v1/me/membership`)).json();
  await page.getByRole('link', { name: '权益' }).click();
  await page.waitForURL(/\/portal\/rewards$/);
  await page.locator('.membership .tier-name').waitFor();
  const bar = page.getByRole('progressbar');
  assert.equal(Number(await bar.getAttribute('aria-valuenow')), Math.round(m.progress * 100));
  await page.getByText('会员权益').click();
  await page.locator('.benefits li').first().waitFor();
  await page.getByRole('heading', { name: '积分明细' }).waitFor();
  await page.locator('ul.tx-list li').first().waitFor();

  await page.getByRole('link', { name: '我的' }).click();
  await page.getByRole('link', { name: '学习中心' }).click();
  await page.waitForURL(/\/portal\/learn$/);
  await page.getByRole('link', { name: /最低还款额与利息/ }).click();
  await page.waitForURL(/\/portal\/learn\/minimum-payment$/);
  await page.getByRole('heading', { name: '最低还款额与利息是怎么算的' }).waitFor();
  // English throughout
  await page.getByRole('button', { name: 'EN' }).click();
  await page.getByRole('heading', { name: 'How interest and minimum payments work' }).waitFor();
  await page.getByRole('button', { name: '中文' }).click();
  assert.deepEqual(errors, []);
});

test('the home page shows the latest bill and offers with their reasons', async () => {
  const { page, errors } = await open(browser, PHONE);
  await signIn(page, 'cardholder');
  await page.waitForURL(/\/portal/);
  const home = await (await page.request.get(`${BASE}/api/v1/me/home`)).json();
  assert.ok(home.statements.length > 0);
  await page.locator('.bill-summary', { hasText: '最新账单' }).first().waitFor();
  await page.locator('.bill-summary', { hasText: '最低还款' }).first().waitFor();
  if (home.offers.length > 0) {
    await page.getByRole('heading', { name: '为您推荐' }).waitFor();
    assert.equal(await page.locator('li.offer-card').count(), home.offers.length);
  }
  assert.ok(home.offers.every((o) => o.kind !== 'win_back'));
  assert.deepEqual(errors, []);
});
