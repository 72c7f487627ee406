// Customer insight in the 360: a high-risk and a champion customer show the
// right badges, reasons and offers; a manager reveals a national ID with a reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The first customer of a filtered search, through the signed-in page. */
async function firstWith(page, filter) {
  const found = await (await page.request.get(`${BASE}/api/v1/customers?per_page=1&${filter}`)).json();
  assert.ok(found.total > 0, `the demo data has a customer with ${filter}`);
  const id = found.items[0].id;
  const c = await (await page.request.get(`${BASE}/api/v1/customers/${id}`)).json();
  return { id, c };
}

test('a high-risk customer shows the red risk badge, its reasons and ranked offers', async () => {
  const { page, errors, context } = await open(browser);
  await signIn(page, 'agent');
  await page.waitForURL(/\/customers/);
  const { id, c } = await firstWith(page, 'risk_band=high');
  await page.goto(`${BASE}/customers/${id}`);
  const header = page.locator('.c360-header');
  await header.locator('.badge.danger', { hasText: '信用风险' }).waitFor();
  assert.match(await header.locator('.badge.danger', { hasText: '信用风险' }).innerText(), /高/);
  // the reasons listed are the server's
  const insight = page.locator('#insight');
  await insight.waitFor();
  const reasons = await insight.locator('.reasons li').allInnerTexts();
  assert.ok(c.insight.risk_reasons.length > 0);
  assert.ok(reasons.some((r) => /逾期|额度使用率|最低还款|取现/.test(r)), reasons.join(' | '));
  // offers in the side panel, in the server's order
  const shown = await page.locator('.offer-list .offer-head strong').allInnerTexts();
  assert.equal(shown.length, c.insight.offers.length);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a champion shows the champion badge, a high value tier and offers with reasons', async () => {
  const { page, errors, context } = await open(browser);
  await signIn(page, 'marketer');
  await page.waitForURL(/\/customers/);
  const { id, c } = await firstWith(page, 'rfm_segment=champions');
  await page.goto(`${BASE}/customers/${id}`);
  const header = page.locator('.c360-header');
  await header.getByText('重要价值客户').waitFor();
  const tierName = { high: '高价值', medium: '中价值', low: '一般价值' }[c.insight.value_tier];
  await header.getByText(tierName, { exact: true }).waitFor();
  const offers = page.locator('.offer-list .offer');
  assert.equal(await offers.count(), c.insight.offers.length);
  if (c.insight.offers.length > 0) {
    assert.ok((await offers.first().locator('.offer-reason').innerText()).length > 4);
  }
  // every section opens from its tab
  for (const [tab, heading] of [['cards', '账单'], ['points', '积分明细'], ['service', '全渠道服务记录'], ['surveys', '满意度反馈']]) {
    await page.getByRole('link', { name: { cards: '卡片与账单', points: '积分', service: '服务记录', surveys: '满意度调查' }[tab], exact: true }).click();
    await page.waitForURL(new RegExp(`tab=${tab}`));
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a manager reveals the national ID only after giving a reason', async () => {
  const { page, errors, context } = await open(browser);
  await signIn(page, 'manager');
  await page.waitForURL(/\/customers/);
  await page.goto(`${BASE}/customers/5`);
  const masked = (await page.locator('.c360-ids b.mono').nth(1).innerText()).trim();
  await page.getByRole('button', { name: '查看完整号码' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: '查看', exact: true }).click();
  await dialog.getByText('必填').waitFor();
  await dialog.getByLabel('查看原因').fill('客户来电核实身份');
  await dialog.getByRole('button', { name: '查看', exact: true }).click();
  await dialog.getByText('已记入审计日志').waitFor();
  const full = (await dialog.locator('p.mono').innerText()).trim();
  assert.equal(full.length, 18);
  assert.equal(full.slice(0, 3), masked.slice(0, 3));
  assert.equal(full.slice(-4), masked.slice(-4));
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  // marketers do not get the button
  await page.getByRole('button', { name: '王经理' }).click();
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/sign-in/);
  await signIn(page, 'marketer');
  await page.waitForURL(/\/customers/);
  await page.goto(`${BASE}/customers/5`);
  await page.locator('.c360-header').waitFor();
  assert.equal(await page.getByRole('button', { name: '查看完整号码' }).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
