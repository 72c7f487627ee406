// Campaigns: a marketer builds one step by step, a manager approves it
// (the maker cannot), it launches and delivers; completed campaigns show the
// uplift against the holdout with its interval; the 360 lists campaigns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const NAME = `端到端测试活动 ${Date.now() % 100000}`;

test('draft → submit → a manager approves → launch → deliveries', async () => {
  const { page, errors, context } = await open(browser, { width: 1400, height: 1000 });
  await signIn(page, 'marketer');
  await page.waitForURL(/\/customers/);
  await page.getByRole('link', { name: '营销活动' }).click();
  await page.getByRole('link', { name: '新建活动' }).click();
  await page.waitForURL(/\/campaigns\/new$/);

  // step 1: "next" without a name says why and stays
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.field-error').filter({ hasText: '必填' }).first().waitFor();
  assert.match(page.url(), /\/campaigns\/new/);

  await page.getByLabel('活动名称').fill(NAME);
  const youth = await page.locator('#c-segment option', { hasText: '青年客户' }).first().getAttribute('value');
  await page.getByLabel('选择客群').selectOption(youth);
  await page.getByRole('button', { name: '下一步' }).click();
  // saved as a draft: the URL now has its id
  await page.waitForURL(/\/campaigns\/\d+\?step=2$/);
  const id = Number(page.url().match(/campaigns\/(\d+)/)[1]);

  // step 2: only the parameters of the chosen offer are asked for
  await page.getByLabel('权益类型').selectOption('category_discount');
  assert.equal(await page.getByLabel('分期期数').isVisible(), false);
  await page.getByLabel('商户类别').selectOption('dining');
  await page.getByLabel('返现比例（%）').fill('8');
  await page.getByLabel('开始日期').fill('2026-12-01');
  await page.getByLabel('结束日期').fill('2026-12-31');
  await page.getByLabel('预算（元）').fill('30000');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL(/step=3$/);

  // step 3: a bad token is refused with a message in Chinese
  await page.getByLabel('发送渠道').selectOption('app_push');
  await page.getByLabel('消息模板').fill('{nmae}您好');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.field-error').filter({ hasText: '模板只能使用' }).waitFor();
  await page.getByLabel('消息模板').fill('{name}您好，尾号{card_last4}的信用卡{offer}，活动至{valid_to}。');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL(/step=4$/);
  // the preview renders the message for a real customer of the audience
  const preview = await page.getByTestId('preview').innerText();
  assert.match(preview, /尾号\d{4}的信用卡餐饮消费享8%返现，活动至2026-12-31/);
  assert.doesNotMatch(preview, /\{/);

  // step 4: send now, no quiet hours (the test may run at night)
  await page.getByLabel('免打扰时段').uncheck();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL(/step=5$/);
  await page.getByLabel('对照组比例（%）').fill('20');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL(/step=6$/);
  await page.getByText('20%').first().waitFor();
  await page.getByRole('button', { name: '提交审批' }).click();
  await page.locator('.badge', { hasText: '待审批' }).waitFor();

  // the maker cannot approve, even through the API
  const { version } = await (await page.request.get(`${BASE}/api/v1/campaigns/${id}`)).json();
  const own = await page.request.post(`${BASE}/api/v1/campaigns/${id}/approve`, { data: { version, comment: '' }, headers: { 'X-Cardinal-Request': '1' } });
  assert.equal(own.status(), 403);
  await context.close();

  // a manager approves with a comment
  const mgr = await open(browser, { width: 1400, height: 1000 });
  await signIn(mgr.page, 'manager');
  await mgr.page.waitForURL(/\/customers/);
  await mgr.page.goto(`${BASE}/campaigns?status=submitted`);
  await mgr.page.getByRole('link', { name: NAME }).click();
  await mgr.page.getByRole('button', { name: '驳回' }).click();
  await mgr.page.getByText('驳回时请填写意见').waitFor();
  await mgr.page.getByLabel('审批意见').fill('同意，注意预算');
  await mgr.page.getByRole('button', { name: '批准' }).click();
  await mgr.page.locator('.badge', { hasText: '已批准' }).waitFor();
  await mgr.page.getByText('同意，注意预算').waitFor();
  assert.deepEqual(mgr.errors, []);
  await mgr.context.close();

  // the marketer launches; the dispatcher sends to the treatment arm only
  const again = await open(browser, { width: 1400, height: 1000 });
  await signIn(again.page, 'marketer');
  await again.page.waitForURL(/\/customers/);
  await again.page.goto(`${BASE}/campaigns/${id}`);
  again.page.once('dialog', (d) => d.accept());
  await again.page.getByRole('button', { name: '上线' }).click();
  await again.page.locator('.badge', { hasText: '进行中' }).waitFor();
  let view;
  for (let i = 0; i < 60; i += 1) {
    view = await (await again.page.request.get(`${BASE}/api/v1/campaigns/${id}`)).json();
    if (view.pending === 0 && view.sent + view.suppressed === view.treatment) break;
    await again.page.waitForTimeout(500);
  }
  assert.ok(view.treatment > 0 && view.control > 0, JSON.stringify(view));
  assert.equal(view.sent + view.suppressed, view.treatment);
  await again.page.reload();
  await again.page.getByRole('heading', { name: '发送名单' }).waitFor();
  const rows = again.page.locator('#contacts tbody tr');
  assert.ok(await rows.count() > 0);
  // contact list is masked
  assert.match(await rows.first().locator('td').nth(2).innerText(), /^\d{3}\*{4}\d{4}$/);
  assert.deepEqual(again.errors, []);
  await again.context.close();
});

test('a completed campaign shows uplift with a confidence interval and the 360 lists it', async () => {
  const { page, errors, context } = await open(browser, { width: 1400, height: 1000 });
  await signIn(page, 'manager');
  await page.waitForURL(/\/customers/);
  await page.goto(`${BASE}/campaigns?status=completed`);
  await page.getByRole('link', { name: '双十一网购返现' }).click();
  const uplift = await page.getByTestId('uplift').innerText();
  assert.match(uplift, /^[+−]?\d+\.\d pp$/);
  await page.getByText(/95% 置信区间 [+−]?\d+\.\d pp – [+−]?\d+\.\d pp/).waitFor();
  // the API agrees with what is shown
  const id = Number(page.url().match(/campaigns\/(\d+)/)[1]);
  const r = await (await page.request.get(`${BASE}/api/v1/campaigns/${id}/results`)).json();
  assert.ok(r.uplift_ci[0] <= r.uplift && r.uplift <= r.uplift_ci[1]);
  const sign = r.uplift > 0 ? '+' : r.uplift < 0 ? '−' : '';
  assert.equal(uplift, `${sign}${Math.abs(r.uplift * 100).toFixed(1)} pp`);

  // a member of the treatment arm sees it in the 360 campaigns tab
  await page.locator('#contacts tbody tr a').first().click();
  await page.waitForURL(/tab=campaigns/);
  await page.locator('#campaigns').getByRole('link', { name: '双十一网购返现' }).waitFor();
  await page.locator('#campaigns').getByText('实验组').first().waitFor();

  // English toggle covers the builder
  await page.goto(`${BASE}/campaigns/new`);
  await page.getByRole('button', { name: 'EN' }).click();
  await page.getByLabel('Campaign name').waitFor();
  await page.getByRole('link', { name: '2 Offer' }).waitFor();
  await page.getByRole('button', { name: '中文' }).click();
  assert.deepEqual(errors, []);
  await context.close();
});
