// The segment builder: nested AND/OR rules with a live count that follows
// every edit and equals the server's count of the same rules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Waits until the live count differs from `previous` (or just appears), and returns it. */
async function countAfter(page, previous) {
  const el = page.getByTestId('audience-count');
  await el.waitFor();
  let value;
  for (let i = 0; i < 100; i += 1) {
    value = Number((await el.innerText()).replace(/,/g, ''));
    if (!Number.isNaN(value) && value !== previous) return value;
    await page.waitForTimeout(100);
  }
  return value;
}

test('a marketer builds a nested segment and the count follows each edit', async () => {
  const { page, errors, context } = await open(browser, { width: 1400, height: 1000 });
  await signIn(page, 'marketer');
  await page.waitForURL(/\/customers/);
  await page.getByRole('link', { name: '客群' }).click();
  await page.getByRole('link', { name: '新建客群' }).click();
  await page.waitForURL(/\/segments\/new$/);

  // an empty AND group matches everyone
  const everyone = await countAfter(page, undefined);
  const total = (await (await page.request.get(`${BASE}/api/v1/customers?per_page=1`)).json()).total;
  assert.equal(everyone, total);

  // age < 30
  await page.getByRole('button', { name: '添加条件' }).click();
  const row = page.locator('.rule-row').first();
  await row.getByLabel('运算').selectOption({ label: '小于' });
  await row.getByLabel('值').fill('30');
  const young = await countAfter(page, everyone);
  assert.ok(young > 0 && young < everyone, `young ${young}`);

  // AND (gender = female OR p_alive ≥ 95%)
  await page.getByRole('button', { name: '添加分组' }).click();
  const youngWomen = await countAfter(page, young);
  assert.ok(youngWomen < young, `young women ${youngWomen}`);
  const inner = page.locator('.rule-group .rule-group');
  await inner.getByRole('button', { name: '添加条件' }).click();
  const second = inner.locator('.rule-row').nth(1);
  await second.getByLabel('字段').selectOption('p_alive');
  await second.getByLabel('值').fill('95');
  const nested = await countAfter(page, youngWomen);
  assert.ok(nested >= youngWomen && nested <= young, `nested ${nested}`);

  // the server counts the same rules the same way
  const rules = { type: 'group', logic: 'and', rules: [
    { type: 'condition', field: { name: 'age' }, op: 'lt', value: { number: 30 } },
    { type: 'group', logic: 'or', rules: [
      { type: 'condition', field: { name: 'gender' }, op: 'eq', value: { text: 'female' } },
      { type: 'condition', field: { name: 'p_alive' }, op: 'gte', value: { number: 0.95 } },
    ] },
  ] };
  const server = await (await page.request.post(`${BASE}/api/v1/segments/count`, { data: { rules }, headers: { 'X-Cardinal-Request': '1' } })).json();
  assert.equal(server.total, nested);

  // an invalid value says why and does not count
  await row.getByLabel('值').fill('');
  await row.locator('.rule-error').filter({ hasText: /值|范围|应在/ }).waitFor();
  await row.getByLabel('值').fill('30');

  // save, and it is listed
  await page.getByLabel('客群名称').fill('年轻女性或高活跃');
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/\/segments\/\d+$/);
  await page.getByRole('link', { name: '客群' }).click();
  await page.getByRole('link', { name: '年轻女性或高活跃' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
