// Dashboards: a manager narrows the dashboard to one province and one
// product and every widget, the URL and the CSV export follow; a drill-down
// lists the customers behind a bar; a detractor answer sent through the API
// shows up at once and opens a follow-up that an agent closes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const api = async (page, path) => {
  const r = await page.request.get(`${BASE}${path}`);
  assert.equal(r.status(), 200, `${path}: ${await r.text()}`);
  return r.json();
};

/** The CSV behind a widget's export link, decoded. */
const csvOf = async (widget) => {
  const href = await widget.getByRole('link', { name: '导出 CSV' }).getAttribute('href');
  assert.match(href, /^data:text\/csv;charset=utf-8,%EF%BB%BF/);
  return decodeURIComponent(href.replace('data:text/csv;charset=utf-8,', '')).replace(/^\uFEFF/, '');
};

test('filters narrow every widget, the URL and the export; a bar drills down', async () => {
  const { page, errors } = await open(browser, { width: 1400, height: 1000 });
  await signIn(page, 'manager');
  await page.waitForURL(/\/customers/);
  await page.getByRole('link', { name: '经营看板' }).click();
  await page.waitForURL(/\/dashboard/);
  await page.getByRole('heading', { name: '经营与满意度看板' }).waitFor();

  // the busiest province and its most common product, from the API
  const whole = await api(page, '/api/v1/dashboard/satisfaction');
  const province = [...whole.by_province].sort((a, b) => b.nps.n - a.nps.n)[0].key;
  const byProduct = await api(page, `/api/v1/dashboard/satisfaction?province=${encodeURIComponent(province)}`);
  const product = [...byProduct.by_product].sort((a, b) => b.nps.n - a.nps.n)[0].key;

  await page.getByLabel('地区').selectOption(province);
  await page.waitForURL((u) => u.searchParams.get('province') === province);
  await page.getByLabel('卡产品').selectOption(product);
  await page.waitForURL((u) => u.searchParams.get('product') === product && u.searchParams.get('province') === province);

  const narrowed = await api(page, `/api/v1/dashboard/satisfaction?province=${encodeURIComponent(province)}&product=${product}`);
  assert.ok(narrowed.nps.n > 0 && narrowed.nps.n < whole.nps.n);
  const npsTile = page.locator('.stat.kpi').filter({ hasText: '净推荐值 NPS' });
  const shown = (narrowed.nps.score >= 0 ? '+' : '') + narrowed.nps.score.toFixed(1);
  await npsTile.locator('.stat-value', { hasText: shown }).waitFor();
  await page.locator('.stat.kpi').filter({ hasText: '调查样本' })
    .locator('.stat-value', { hasText: narrowed.nps.n.toLocaleString('en-US') }).waitFor();

  // the province widget and its CSV hold only the chosen province
  const provinceWidget = page.locator('section.widget').filter({ has: page.getByRole('heading', { name: '各省 NPS' }) });
  const rows = provinceWidget.locator('.sbar');
  assert.equal(await rows.count(), 1);
  const csv = await csvOf(provinceWidget);
  const lines = csv.trim().split('\r\n');
  assert.equal(lines.length, 2, csv);
  assert.ok(lines[1].startsWith(`${province},`), csv);
  assert.ok(lines[1].includes(`,${narrowed.by_province[0].nps.n},`), csv);

  // the product widget too
  const productWidget = page.locator('section.widget').filter({ has: page.getByRole('heading', { name: '各卡产品 NPS' }) });
  assert.equal(await productWidget.locator('.sbar').count(), 1);

  // the table view shows the same numbers as the chart
  await provinceWidget.getByRole('button', { name: '表格' }).click();
  await provinceWidget.locator('table.data td', { hasText: String(narrowed.by_province[0].nps.n) }).first().waitFor();

  // the card-business tab keeps the filters and shows the same selection
  await page.getByRole('link', { name: '卡业务' }).click();
  await page.waitForURL((u) => u.searchParams.get('tab') === 'cards' && u.searchParams.get('province') === province);
  const cards = await api(page, `/api/v1/dashboard/cards?province=${encodeURIComponent(province)}&product=${product}`);
  await page.locator('.stat.kpi').filter({ hasText: '在用卡' }).first()
    .locator('.stat-value', { hasText: cards.latest.in_force.toLocaleString('en-US') }).waitFor();
  const donut = page.locator('section.widget').filter({ has: page.getByRole('heading', { name: '在用卡产品构成' }) });
  assert.equal(await donut.locator('.donut-legend li').count(), 1);

  // drill down: the dormant cards tile lists exactly the API's customers
  await page.locator('a.stat.kpi').filter({ hasText: '睡眠卡' }).click();
  await page.waitForURL(/\/dashboard\/drill\?metric=dormant/);
  const drill = await api(page, `/api/v1/dashboard/drill?metric=dormant&province=${encodeURIComponent(province)}&product=${product}&per_page=20`);
  if (drill.total === 0) {
    await page.getByText('没有符合条件的客户').waitFor();
  } else {
    await page.locator('table.data tbody tr').first().waitFor();
    const numbers = await page.locator('table.data tbody tr td:first-child').allTextContents();
    assert.deepEqual(numbers, drill.items.map((i) => i.customer_no));
    for (const cell of await page.locator('table.data tbody tr td:nth-child(3)').allTextContents()) {
      assert.equal(cell, province);
    }
  }

  // back on the satisfaction tab, a province bar drills to its detractors
  await page.getByRole('link', { name: '← 返回看板' }).click();
  await page.getByRole('link', { name: '满意度' }).click();
  await page.locator('section.widget').filter({ has: page.getByRole('heading', { name: '各省 NPS' }) })
    .locator('a.sbar').first().click();
  await page.waitForURL(/metric=detractors&dim=province/);
  const detractors = await api(page, `/api/v1/dashboard/drill?metric=detractors&dim=province&key=${encodeURIComponent(province)}&province=${encodeURIComponent(province)}&product=${product}`);
  if (detractors.total > 0) {
    await page.locator('table.data tbody tr td:first-child', { hasText: detractors.items[0].customer_no }).waitFor();
  }

  // English, and a bad URL filter is an error panel, not a blank page
  await page.getByRole('button', { name: 'EN' }).click();
  await page.getByRole('link', { name: '← Back to the dashboard' }).waitFor();
  await page.goto(`${BASE}/dashboard?from=2026-13`);
  await page.locator('.error-panel').first().waitFor();
  assert.deepEqual(errors, []);
});

test('a detractor answer from the API reaches the dashboard and the branch closes the loop', async () => {
  const { page, errors } = await open(browser, { width: 1400, height: 1000 });
  await signIn(page, 'manager');
  await page.waitForURL(/\/customers/);
  const before = await api(page, '/api/v1/dashboard/satisfaction');
  const post = await page.request.post(`${BASE}/api/v1/survey-responses`, {
    headers: { 'Idempotency-Key': `e2e-${Date.now()}`, 'X-Cardinal-Request': '1' },
    data: { customer_id: 12, survey: 'relationship', nps: 1, comment: '等待时间太长了，问题没有解决', channel: 'phone' },
  });
  assert.equal(post.status(), 201, await post.text());
  const answer = await post.json();
  assert.ok(answer.follow_up_id);

  await page.goto(`${BASE}/dashboard`);
  const open_ = before.follow_ups.open + 1;
  await page.locator('.stat.kpi').filter({ hasText: '待回访' })
    .locator('.stat-value', { hasText: String(open_) }).waitFor();
  await page.locator('.comment-list li').filter({ hasText: '等待时间太长了，问题没有解决' }).first().waitFor();

  // an agent records the call-back; the task leaves the open list
  const agent = await open(browser, { width: 1400, height: 1000 });
  await signIn(agent.page, 'agent');
  await agent.page.waitForURL(/\/customers/);
  await agent.page.getByRole('link', { name: '贬损者回访' }).click();
  await agent.page.waitForURL(/\/follow-ups/);
  await agent.page.getByRole('link', { name: '已逾期' }).waitFor();
  // the new task is due in 3 days: it is on the open list (not overdue); find it by its comment
  // (each page is looked at only once it has loaded)
  const settle = async () => {
    await agent.page.locator('li.follow-up').first().waitFor();
    await agent.page.waitForLoadState('networkidle');
  };
  await settle();
  const item = agent.page.locator('li.follow-up').filter({ hasText: '等待时间太长了，问题没有解决' });
  while (await item.count() === 0) {
    await agent.page.getByRole('button', { name: '下一页' }).click();
    await settle();
    await agent.page.waitForTimeout(300);
  }
  await item.getByRole('button', { name: '记录回访' }).click();
  await item.getByRole('button', { name: '保存' }).click();
  await item.locator('.field-error', { hasText: '必填' }).waitFor();
  await item.getByLabel('回访记录').fill('已致电客户，安排专人跟进');
  await item.getByRole('button', { name: '保存' }).click();
  await agent.page.locator('li.follow-up').filter({ hasText: '等待时间太长了，问题没有解决' }).waitFor({ state: 'detached' });

  const after = await api(page, '/api/v1/dashboard/satisfaction');
  assert.equal(after.follow_ups.open, before.follow_ups.open);
  assert.deepEqual(errors, []);
  assert.deepEqual(agent.errors, []);
});

test('a cardholder answers a survey on a phone and the dashboard counts it', async () => {
  const manager = await open(browser, { width: 1400, height: 1000 });
  await signIn(manager.page, 'manager');
  await manager.page.waitForURL(/\/customers/);
  const before = await api(manager.page, '/api/v1/dashboard/satisfaction');

  const { page, errors } = await open(browser, { width: 375, height: 800 });
  await signIn(page, 'cardholder');
  await page.waitForURL(/\/portal/);
  const card = page.locator('section.survey-card').filter({ hasText: '您有多大可能向亲友推荐我们的信用卡' });
  await card.waitFor();
  // a score is required
  await card.getByRole('button', { name: '提交评价' }).click();
  await card.locator('.field-error', { hasText: '请先选择评分' }).waitFor();
  await card.locator('.scale.nps').getByRole('radio', { name: '9', exact: true }).check();
  await card.getByLabel('还有什么想告诉我们的？（选填）').fill('App 还款很方便');
  await card.getByRole('button', { name: '提交评价' }).click();
  await page.getByText('感谢您的反馈').waitFor();
  // answered once: it is gone after a reload
  await page.reload();
  await page.getByText('我的卡片').waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('section.survey-card').filter({ hasText: '您有多大可能向亲友推荐我们的信用卡' }).count(), 0);

  const after = await api(manager.page, '/api/v1/dashboard/satisfaction');
  assert.equal(after.nps.n, before.nps.n + 1);
  assert.equal(after.nps.promoters, before.nps.promoters + 1);
  assert.deepEqual(errors, []);
});
