// Service desk: an agent opens a ticket from the customer 360, takes it,
// replies, resolves and closes it; the SLA follows the card tier; the
// cardholder sees the reply (not the internal note) and gets the survey.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an agent works a lost-card ticket from the 360 to closed', async () => {
  const { page, errors } = await open(browser, { width: 1400, height: 1000 });
  await signIn(page, 'agent');
  await page.waitForURL(/\/customers/);
  await page.goto(`${BASE}/customers/1`);
  await page.getByRole('link', { name: '新建工单' }).click();
  await page.waitForURL(/\/tickets\/new\?customer=1/);

  // the subject is required
  await page.getByRole('button', { name: '创建工单' }).click();
  await page.locator('.field-error', { hasText: '必填' }).waitFor();
  await page.getByLabel('工单类型').selectOption('card_lost');
  await page.getByLabel('主题').fill('客户来电挂失');
  await page.getByLabel('问题描述').fill('钱包丢失，卡片一并遗失');
  await page.getByRole('button', { name: '创建工单' }).click();
  await page.waitForURL(/\/tickets\/\d+$/);
  const id = Number(page.url().match(/tickets\/(\d+)/)[1]);
  await page.getByRole('heading', { name: `#${id} 客户来电挂失` }).waitFor();
  // the customer is beside the ticket
  await page.locator('.ticket-customer').getByRole('link', { name: '查看完整客户全景' }).waitFor();

  // the SLA shown is the one the tier gives (lost card: 15 min for standard/gold, less above)
  const detail = await (await page.request.get(`${BASE}/api/v1/tickets/${id}`)).json();
  const first = detail.ticket.first_response_due_at - detail.ticket.created_at;
  const expected = { standard: 900, gold: 900, platinum: 450, diamond: 225 }[detail.ticket.tier];
  assert.equal(first, expected);
  await page.locator('.ticket-badges .badge', { hasText: /剩余/ }).waitFor();

  await page.getByRole('button', { name: '分配给我' }).click();
  await page.getByRole('button', { name: '退回队列' }).waitFor();

  // quick actions really change the data and are noted in the history
  const before = (await (await page.request.get(`${BASE}/api/v1/customers/1/points?page=1`)).json());
  const qa = page.locator('section.quick-actions');
  await qa.getByRole('button', { name: '锁卡' }).first().click();
  await qa.locator('.qa-message', { hasText: '已完成' }).waitFor();
  await page.locator('.ticket-history .event', { hasText: '锁卡' }).waitFor();
  await qa.getByRole('button', { name: '解锁' }).first().click();
  await page.locator('.ticket-history .event', { hasText: '解锁' }).waitFor();
  await qa.getByLabel('积分补偿（可为负数）').fill('200');
  await qa.getByRole('button', { name: '确定' }).click();
  await qa.locator('.form-error', { hasText: '原因' }).waitFor();
  await qa.getByLabel('原因').fill('挂失期间服务补偿');
  await qa.getByRole('button', { name: '确定' }).click();
  await qa.locator('.qa-message', { hasText: '调整后积分余额' }).waitFor();
  await page.locator('.ticket-history .event', { hasText: '积分补偿 +200' }).waitFor();
  const after = (await (await page.request.get(`${BASE}/api/v1/customers/1/points?page=1`)).json());
  assert.equal(after.balance, before.balance + 200);

  // an internal note, then a reply to the customer
  await page.getByLabel('客户可见', { exact: true }).uncheck();
  await page.getByLabel('内部备注（客户不可见）').fill('已核实身份');
  await page.getByRole('button', { name: '发送' }).click();
  await page.locator('.ticket-history .event.internal', { hasText: '已核实身份' }).waitFor();
  await page.getByLabel('客户可见', { exact: true }).check();
  await page.getByLabel('回复客户（客户可见）').fill('您的卡已挂失，新卡将在 5 个工作日内寄出。');
  await page.getByRole('button', { name: '发送' }).click();
  await page.locator('.ticket-history .event', { hasText: '新卡将在' }).waitFor();

  await page.getByRole('button', { name: '转为 已解决' }).click();
  await page.locator('.ticket-badges .badge', { hasText: '已解决' }).waitFor();
  await page.getByRole('button', { name: '转为 已关闭' }).click();
  await page.locator('.ticket-badges .badge', { hasText: '已关闭' }).waitFor();

  // it is in my queue with the closed ones
  await page.getByRole('link', { name: '工单', exact: true }).click();
  await page.waitForURL(/\/tickets/);
  await page.getByLabel('包含已解决和已关闭').check();
  await page.locator('table.tickets a', { hasText: `#${id} 客户来电挂失` }).waitFor();

  // the cardholder sees the reply but not the note, and is asked to rate the service
  const holder = await open(browser, { width: 375, height: 800 });
  await signIn(holder.page, 'cardholder');
  await holder.page.waitForURL(/\/portal/);
  const mine = await (await holder.page.request.get(`${BASE}/api/v1/me/tickets/${id}`)).json();
  const bodies = mine.events.map((e) => e.body ?? '');
  assert.ok(bodies.some((b) => b.includes('新卡将在')));
  assert.ok(!bodies.some((b) => b.includes('核实身份')));
  const surveys = await (await holder.page.request.get(`${BASE}/api/v1/me/surveys`)).json();
  const dnd = (await (await page.request.get(`${BASE}/api/v1/customers/1`)).json()).profile.consent.do_not_disturb;
  assert.equal(surveys.some((s) => s.survey === 'service_csat' && s.touchpoint === 'card_services'), !dnd);
  assert.deepEqual(errors, []);
  assert.deepEqual(holder.errors, []);
});

test('a cardholder complains on a phone, an agent answers, the cardholder rates the service', async () => {
  const holder = await open(browser, { width: 375, height: 800 });
  await signIn(holder.page, 'cardholder');
  await holder.page.waitForURL(/\/portal/);
  await holder.page.getByRole('link', { name: '服务' }).click();
  await holder.page.waitForURL(/\/portal\/service$/);
  // the subject is required
  await holder.page.getByRole('button', { name: '提交', exact: true }).click();
  await holder.page.locator('.field-error', { hasText: '必填' }).waitFor();
  await holder.page.getByLabel('请求类型').selectOption('complaint');
  const subject = `年费扣款疑问 ${Date.now() % 100000}`;
  await holder.page.getByLabel('主题').fill(subject);
  await holder.page.getByLabel('问题描述').fill('我的白金卡今年为什么扣了年费？');
  await holder.page.getByRole('button', { name: '提交', exact: true }).click();
  await holder.page.waitForURL(/\/portal\/service\/\d+$/);
  const id = Number(holder.page.url().match(/service\/(\d+)/)[1]);
  await holder.page.getByRole('heading', { name: subject }).waitFor();

  // the agent finds it in the team queue, answers and closes it
  const agent = await open(browser, { width: 1400, height: 1000 });
  await signIn(agent.page, 'agent');
  await agent.page.waitForURL(/\/customers/);
  await agent.page.goto(`${BASE}/tickets?view=team`);
  await agent.page.locator('table.tickets a', { hasText: `#${id} ${subject}` }).click();
  await agent.page.waitForURL(new RegExp(`/tickets/${id}$`));
  await agent.page.getByRole('button', { name: '分配给我' }).click();
  await agent.page.getByRole('button', { name: '退回队列' }).waitFor();
  await agent.page.getByLabel('回复客户（客户可见）').fill('已为您减免本年度年费，款项将退回账户。');
  await agent.page.getByRole('button', { name: '发送' }).click();
  await agent.page.locator('.ticket-history .event', { hasText: '减免本年度年费' }).waitFor();
  await agent.page.getByRole('button', { name: '转为 已解决' }).click();
  await agent.page.locator('.ticket-badges .badge', { hasText: '已解决' }).waitFor();
  await agent.page.getByRole('button', { name: '转为 已关闭' }).click();
  await agent.page.locator('.ticket-badges .badge', { hasText: '已关闭' }).waitFor();

  // the cardholder sees the answer, then rates the service on the home page
  await holder.page.reload();
  await holder.page.locator('.ticket-history .event', { hasText: '减免本年度年费' }).waitFor();
  await holder.page.getByText('银行回复').first().waitFor();
  // the manager's satisfaction dashboard counts the answer at once
  const manager = await open(browser, { width: 1400, height: 1000 });
  await signIn(manager.page, 'manager');
  await manager.page.waitForURL(/\/customers/);
  const csatBefore = (await (await manager.page.request.get(`${BASE}/api/v1/dashboard/satisfaction`)).json()).csat.n;
  await holder.page.getByRole('link', { name: '首页' }).click();
  const survey = holder.page.locator('section.survey-card').filter({ hasText: '您对本次服务满意吗' }).first();
  await survey.waitFor();
  await survey.locator('.scale').first().getByRole('radio', { name: '5', exact: true }).check();
  await survey.getByRole('button', { name: '提交评价' }).click();
  await holder.page.getByText('感谢您的反馈').first().waitFor();
  const csatAfter = (await (await manager.page.request.get(`${BASE}/api/v1/dashboard/satisfaction`)).json()).csat.n;
  assert.equal(csatAfter, csatBefore + 1);
  assert.deepEqual(holder.errors, []);
  assert.deepEqual(agent.errors, []);
  assert.deepEqual(manager.errors, []);
});

test('a cardholder locks, unlocks and reports a card lost on a phone', async () => {
  const { page, errors } = await open(browser, { width: 375, height: 800 });
  await signIn(page, 'cardholder2');
  await page.waitForURL(/\/portal/);
  const controls = page.locator('.card-controls').first();
  await controls.getByRole('button', { name: '锁卡' }).click();
  await page.locator('.card-controls').first().getByRole('button', { name: '解锁' }).waitFor();
  const cards = await (await page.request.get(`${BASE}/api/v1/me/cards`)).json();
  assert.ok(cards.some((c) => c.status === 'locked'));
  // the agent's 360 shows the same card locked
  const agent = await open(browser, { width: 1400, height: 1000 });
  await signIn(agent.page, 'agent');
  await agent.page.waitForURL(/\/customers/);
  const seen = await (await agent.page.request.get(`${BASE}/api/v1/customers/2`)).json();
  const locked = cards.find((c) => c.status === 'locked');
  assert.equal(seen.cards.find((c) => c.id === locked.id).status, 'locked');
  await page.locator('.card-controls').first().getByRole('button', { name: '解锁' }).click();
  await page.locator('.card-controls').first().getByRole('button', { name: '锁卡' }).waitFor();
  // lost takes a confirmation, blocks the card and opens a ticket
  await page.locator('.card-controls').first().getByRole('button', { name: '挂失' }).click();
  await page.getByRole('button', { name: '确认挂失（立即停用）' }).click();
  await page.waitForFunction(async () => {
    const r = await fetch('/api/v1/me/cards');
    return (await r.json()).some((c) => c.status === 'lost');
  });
  const tickets = await (await page.request.get(`${BASE}/api/v1/me/tickets`)).json();
  assert.ok(tickets.items.some((t) => t.kind === 'card_lost' && t.priority === 'urgent'));
  assert.deepEqual(errors, []);
});

test('a cardholder redeems a reward on a phone, once, with a confirmation', async () => {
  const { page, errors } = await open(browser, { width: 375, height: 800 });
  await signIn(page, 'cardholder');
  await page.waitForURL(/\/portal/);
  const before = (await (await page.request.get(`${BASE}/api/v1/me/points`)).json()).balance;
  await page.getByRole('link', { name: '权益' }).click();
  await page.waitForURL(/\/portal\/rewards$/);
  const coffee = page.locator('li.reward').filter({ hasText: '咖啡兑换券' });
  await coffee.getByRole('button', { name: '兑换' }).click();
  await coffee.getByText('确认用 3,000 积分兑换「咖啡兑换券」').waitFor();
  // a double tap redeems once
  await coffee.getByRole('button', { name: '确认兑换' }).dblclick();
  await page.locator('.reward-message', { hasText: '兑换成功' }).waitFor();
  await page.waitForTimeout(500);
  const after = (await (await page.request.get(`${BASE}/api/v1/me/points`)).json()).balance;
  assert.equal(after, before - 3000);
  // the agent sees the redemption in the customer's points
  const agent = await open(browser, { width: 1400, height: 1000 });
  await signIn(agent.page, 'agent');
  await agent.page.waitForURL(/\/customers/);
  const points = await (await agent.page.request.get(`${BASE}/api/v1/customers/1/points?page=1`)).json();
  assert.equal(points.balance, after);
  assert.equal(points.ledger.items[0].kind, 'redeem');
  assert.deepEqual(errors, []);
});

test('a cardholder turns on do-not-disturb in the consent centre', async () => {
  const { page, errors } = await open(browser, { width: 375, height: 800 });
  await signIn(page, 'cardholder2');
  await page.waitForURL(/\/portal/);
  await page.getByRole('link', { name: '我的' }).click();
  await page.waitForURL(/\/portal\/me$/);
  const dnd = page.getByLabel(/免打扰/);
  await dnd.waitFor();
  const was = await dnd.isChecked();
  await dnd.setChecked(!was);
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByText('已保存，立即生效').waitFor();
  const now = await (await page.request.get(`${BASE}/api/v1/me/consent`)).json();
  assert.equal(now.consent.do_not_disturb, !was);
  assert.deepEqual(errors, []);
});
