// Maker–checker for large goodwill points adjustments, in headless Chromium against a
// seeded server: an agent asks for 20,000 points from a ticket's quick actions (the panel
// says it waits for approval, the balance does not move); `manager`, who did not ask,
// approves it on /approvals and the balance goes up by exactly 20,000; a second request
// is rejected with a required comment (nothing posted); a request decided meanwhile is
// reported and the list reloads; a manager cannot approve their own request (403, said
// in the UI). Idempotency keys and reasons are unique per run, so the file re-runs on the
// same database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open as openPage, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
const open = (viewport) => openPage(browser, viewport);

const CUSTOMER = 3;
const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
const CSRF = { 'X-Cardinal-Request': '1' };
let serial = 0;
const key = () => `e2e-approvals-${RUN}-${serial += 1}`;

/** A signed-in page for `username`, past the start page. */
async function staffPage(username) {
  const opened = await open();
  await signIn(opened.page, username);
  await opened.page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return opened;
}

/** The customer's points balance, read through the API with the page's session. */
async function balance(page) {
  const res = await page.request.get(`${BASE}/api/v1/customers/${CUSTOMER}/points?page=1`);
  assert.equal(res.status(), 200);
  return (await res.json()).balance;
}

/** Asks for an adjustment through the API; returns the status and body. */
async function askForPoints(page, points, reason, ticketId = null) {
  const res = await page.request.post(`${BASE}/api/v1/customers/${CUSTOMER}/points-adjustments`, {
    headers: { ...CSRF, 'Idempotency-Key': key() },
    data: { points, reason, ticket_id: ticketId },
  });
  return { status: res.status(), body: await res.json() };
}

/** The row of request `id` on the approvals page (pending tab). */
async function pendingRow(page, id) {
  await page.goto(`${BASE}/approvals?status=pending`);
  const row = page.locator(`table.approvals tr[data-request="${id}"]`);
  // the queue is oldest first: page through until the row shows
  for (let i = 0; i < 50 && !(await row.isVisible()); i += 1) {
    await page.locator('table.approvals tbody tr').first().waitFor();
    if (await row.isVisible()) break;
    const next = page.getByRole('button', { name: '下一页' });
    if (!(await next.isVisible()) || (await next.isDisabled())) break;
    await next.click();
    await page.waitForTimeout(200);
  }
  await row.waitFor();
  return row;
}

test('an agent asks for 20,000 points from a ticket: pending, balance unchanged; another manager approves and exactly 20,000 are posted', async () => {
  const agent = await staffPage('agent');
  const created = await agent.page.request.post(`${BASE}/api/v1/tickets`, {
    headers: CSRF,
    data: { customer_id: CUSTOMER, kind: 'complaint', channel: 'phone', subject: `补偿申请 ${RUN}`, body: '客户投诉年费误收' },
  });
  assert.equal(created.status(), 201, await created.text());
  const ticketId = (await created.json()).ticket.id;
  const before = await balance(agent.page);

  await agent.page.goto(`${BASE}/tickets/${ticketId}`);
  const qa = agent.page.locator('section.quick-actions');
  await qa.getByText('超过 10,000 积分的调整需经理复核。').waitFor();
  const reason = `年费误收补偿 ${RUN}`;
  await qa.getByLabel('积分补偿（可为负数）').fill('20000');
  await qa.getByLabel('原因').fill(reason);
  await qa.getByRole('button', { name: '确定' }).click();
  const pending = qa.locator('.qa-message.pending', { hasText: '超过 10,000 积分的调整需经理复核，已提交审批（申请 #' });
  await pending.waitFor();
  const requestId = Number((await pending.innerText()).match(/#(\d+)/)[1]);
  assert.ok(requestId > 0);
  assert.equal(await qa.locator('.qa-message', { hasText: '调整后积分余额' }).count(), 0, 'no new balance is claimed');
  assert.equal(await balance(agent.page), before, 'nothing is posted before approval');
  // the agent has no approvals page
  assert.equal(await agent.page.getByRole('link', { name: '积分审批' }).count(), 0);
  await agent.page.goto(`${BASE}/approvals`);
  await agent.page.getByRole('alert').filter({ hasText: '您的角色无法访问此页面。' }).waitFor();
  await agent.context.close();

  const manager = await staffPage('manager');
  // the navigation counts the pending requests
  const nav = manager.page.getByRole('link', { name: /积分审批/ });
  await nav.locator('.nav-count').waitFor();
  const row = await pendingRow(manager.page, requestId);
  await row.getByText('+20,000').waitFor();
  await row.getByText(reason).waitFor();
  await row.getByRole('cell', { name: 'agent', exact: true }).waitFor();
  assert.equal(await row.getByRole('link', { name: `#${ticketId}` }).getAttribute('href'), `/tickets/${ticketId}`);
  assert.equal(await row.getByRole('link').first().getAttribute('href'), `/customers/${CUSTOMER}`);
  await row.getByRole('button', { name: '批准' }).click();
  const dialog = manager.page.getByRole('dialog', { name: `批准申请 #${requestId}？` });
  await dialog.getByText('+20,000 积分').waitFor();
  await dialog.getByLabel('审批意见（选填）').fill('已核实年费误收');
  await dialog.getByRole('button', { name: '批准入账' }).click();
  await manager.page.getByRole('status').filter({ hasText: `已批准申请 #${requestId}，+20,000 积分已入账。` }).waitFor();
  await manager.page.locator(`tr[data-request="${requestId}"]`).waitFor({ state: 'detached' });
  assert.equal(await balance(manager.page), before + 20_000, 'exactly 20,000 points are posted');

  // the approved tab shows who decided, and the comment
  await manager.page.getByRole('link', { name: '已批准' }).click();
  await manager.page.waitForURL(/status=approved/);
  const decided = manager.page.locator(`tr[data-request="${requestId}"]`);
  await decided.getByText('已核实年费误收').waitFor();
  await decided.getByRole('cell', { name: 'manager', exact: true }).waitFor();
  await decided.locator('.badge', { hasText: '已批准' }).waitFor();
  await manager.context.close();
});

test('a second request is rejected with a required comment and nothing is posted; one decided meanwhile is reported and reloaded', async () => {
  const agent = await staffPage('agent');
  const reason = `大额补偿驳回 ${RUN}`;
  const asked = await askForPoints(agent.page, 15_000, reason);
  assert.equal(asked.status, 202);
  assert.ok(asked.body.pending_request_id > 0);
  const raced = await askForPoints(agent.page, -12_000, `大额扣回 ${RUN}`);
  assert.equal(raced.status, 202);
  await agent.context.close();

  const manager = await staffPage('manager');
  const before = await balance(manager.page);
  const id = asked.body.pending_request_id;
  const row = await pendingRow(manager.page, id);
  await row.getByRole('button', { name: '驳回' }).click();
  const dialog = manager.page.getByRole('dialog', { name: `驳回申请 #${id}` });
  await dialog.getByRole('button', { name: '确认驳回' }).click();
  await dialog.getByText('请填写驳回原因。').waitFor();
  await dialog.getByLabel('驳回原因（必填）').fill('缺少投诉凭证');
  await dialog.getByRole('button', { name: '确认驳回' }).click();
  await manager.page.getByRole('status').filter({ hasText: `已驳回申请 #${id}，积分未入账。` }).waitFor();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await balance(manager.page), before, 'a rejected request posts nothing');
  await manager.page.goto(`${BASE}/approvals?status=rejected`);
  const rejected = manager.page.locator(`tr[data-request="${id}"]`);
  await rejected.getByText('缺少投诉凭证').waitFor();
  await rejected.locator('.badge', { hasText: '已驳回' }).waitFor();

  // decided through the API while the page shows it as pending: 409, said, reloaded
  const other = raced.body.pending_request_id;
  const otherRow = await pendingRow(manager.page, other);
  await otherRow.getByText('−12,000').waitFor();
  const list = await (await manager.page.request.get(`${BASE}/api/v1/points-adjustments?status=pending&per_page=100`)).json();
  const current = list.items.find((r) => r.id === other)
    ?? (await (await manager.page.request.get(`${BASE}/api/v1/points-adjustments?status=pending&per_page=100&page=2`)).json()).items.find((r) => r.id === other);
  const res = await manager.page.request.post(`${BASE}/api/v1/points-adjustments/${other}/reject`, {
    headers: CSRF, data: { version: current.version, comment: '电话中已拒绝' },
  });
  assert.equal(res.status(), 200);
  await otherRow.getByRole('button', { name: '批准' }).click();
  await manager.page.getByRole('dialog').getByRole('button', { name: '批准入账' }).click();
  await manager.page.getByRole('alert').filter({ hasText: '该申请已被处理或已变更，列表已刷新。' }).waitFor();
  await manager.page.locator(`tr[data-request="${other}"]`).waitFor({ state: 'detached' });
  assert.equal(await balance(manager.page), before, 'the raced request posted nothing');
  await manager.context.close();
});

test('a manager cannot approve their own request: the 403 is explained; the page works in English', async () => {
  const manager = await staffPage('manager');
  const before = await balance(manager.page);
  const asked = await askForPoints(manager.page, 11_000, `经理自提 ${RUN}`);
  assert.equal(asked.status, 202);
  assert.equal(asked.body.balance, before, 'the answer carries the unchanged balance');
  const id = asked.body.pending_request_id;
  const row = await pendingRow(manager.page, id);
  await row.getByRole('button', { name: '批准' }).click();
  await manager.page.getByRole('dialog').getByRole('button', { name: '批准入账' }).click();
  await manager.page.getByRole('alert').filter({ hasText: '这笔调整是您本人提交的，需由另一位经理审批。' }).waitFor();
  assert.equal(await balance(manager.page), before);
  // still pending, for someone else
  await manager.page.locator(`tr[data-request="${id}"]`).waitFor();

  await manager.page.getByRole('button', { name: 'EN' }).click();
  await manager.page.getByRole('heading', { name: 'Points adjustment approvals' }).waitFor();
  await manager.page.getByRole('link', { name: /Points approvals/ }).waitFor();
  await manager.page.locator(`tr[data-request="${id}"]`).getByRole('button', { name: 'Approve' }).click();
  await manager.page.getByRole('dialog', { name: `Approve request #${id}?` }).getByRole('button', { name: 'Approve and post' }).click();
  await manager.page.getByRole('alert').filter({ hasText: 'You asked for this adjustment yourself: another manager must approve it.' }).waitFor();
  await manager.page.getByRole('button', { name: '中文' }).click();
  await manager.context.close();
});
