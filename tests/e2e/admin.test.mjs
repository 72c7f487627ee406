// User administration and the audit log, in headless Chromium against a seeded server:
// an admin creates an agent (one-time password shown once), the agent is held on the
// password page until they choose their own, the admin disables them (their next
// request goes to sign-in), the audit log shows every step (and in English); edits
// carry If-Match (a stale one is refused with a reload), a forced reset shows a new
// one-time password; non-admins see no admin navigation and get the not-allowed state.
// Usernames are unique per run, so the tests do not depend on order or on each other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PASSWORD, launch, open as openPage, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
const open = (viewport) => openPage(browser, viewport);

const NEW_PASSWORD = 'tide-lantern-quartz-9';
const unique = (prefix) => `${prefix}.${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const CSRF = { 'X-Cardinal-Request': '1' };

/** Signs in as the admin and waits for the start page. */
async function adminPage() {
  const opened = await open();
  await signIn(opened.page, 'admin');
  await opened.page.waitForURL(/\/admin\/users$/);
  return opened;
}

/** Creates an agent through the form; returns the one-time password shown. */
async function createAgent(page, username, displayName) {
  await page.getByRole('link', { name: '新建用户' }).click();
  await page.waitForURL(/\/admin\/users\/new$/);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('显示名称').fill(displayName);
  await page.getByLabel('角色').selectOption('agent');
  // a branch, not the head office (whose staff see every customer)
  const branch = page.getByLabel('归属网点');
  const first = await branch.locator('option', { hasText: '分行' }).first().getAttribute('value');
  await branch.selectOption(first);
  await page.getByLabel('显示名称').press('Enter');
  await page.getByRole('heading', { name: `已创建用户 ${username}。` }).waitFor();
  const otp = (await page.locator('.otp-value').innerText()).trim();
  assert.ok(otp.length >= 12, 'the one-time password is long enough');
  await page.getByText('此密码只显示这一次').waitFor();
  return otp;
}

test('an admin creates an agent who must replace the one-time password; disabling ends their session; the audit log shows it', async () => {
  const username = unique('e2e.agent');
  const admin = await adminPage();
  const otp = await createAgent(admin.page, username, '测试坐席');
  const userHref = await admin.page.getByRole('link', { name: '查看用户' }).getAttribute('href');
  assert.match(userHref, /^\/admin\/users\/\d+$/);
  // leaving the page loses the password: it is shown once
  await admin.page.getByRole('link', { name: '返回用户列表' }).last().click();
  await admin.page.waitForURL(/\/admin\/users$/);
  await admin.page.locator('table.data tbody tr').first().waitFor();
  assert.equal(await admin.page.locator('.otp-value').count(), 0);
  // the admin signs out
  await admin.page.getByRole('button', { name: '系统管理员' }).click();
  await admin.page.getByRole('button', { name: '退出登录' }).click();
  await admin.page.waitForURL(/\/sign-in/);

  // the new agent signs in with it and is held on the password page
  const agent = await open();
  await signIn(agent.page, username, otp);
  await agent.page.waitForURL(/\/account\/password$/);
  await agent.page.getByRole('heading', { name: '请先设置新密码' }).waitFor();
  await agent.page.getByRole('alert').filter({ hasText: '一次性密码' }).waitFor();
  // other pages send them back; the API refuses them too
  await agent.page.goto(`${BASE}/customers`);
  await agent.page.waitForURL(/\/account\/password$/);
  const refused = await agent.page.request.get(`${BASE}/api/v1/customers?per_page=1`);
  assert.equal(refused.status(), 403);
  assert.equal((await refused.json()).error.code, 'password_change_required');
  // live rule hints
  await agent.page.getByLabel('当前密码（一次性密码）').fill(otp);
  await agent.page.getByLabel('新密码', { exact: true }).fill(`x-${username}-x`);
  await agent.page.locator('.rules li:not(.ok)', { hasText: '不包含用户名' }).waitFor();
  await agent.page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
  await agent.page.getByLabel('确认新密码').fill(`${NEW_PASSWORD}x`);
  await agent.page.getByRole('button', { name: '保存新密码' }).click();
  await agent.page.locator('#confirm-password-error').filter({ hasText: '两次输入的新密码不一致' }).waitFor();
  await agent.page.getByLabel('确认新密码').fill(NEW_PASSWORD);
  assert.equal(await agent.page.locator('.rules li.ok').count(), 4);
  await agent.page.getByLabel('确认新密码').press('Enter');
  // changed: the session is read again and the agent lands on their start page
  await agent.page.waitForURL(/\/customers$/);
  const session = await (await agent.page.request.get(`${BASE}/api/v1/session`)).json();
  assert.equal(session.user.must_change_password, false);

  // confined to their branch: the list holds only that branch's customers …
  const branchName = session.user.branch_name;
  assert.ok(branchName.endsWith('分行'), branchName);
  await agent.page.locator('table.data tbody tr').first().waitFor();
  const shown = await agent.page.locator('table.data tbody tr').allInnerTexts();
  assert.ok(shown.length > 0 && shown.every((row) => row.includes(branchName)), `${branchName}: ${shown}`);
  const listed = await (await agent.page.request.get(`${BASE}/api/v1/customers?per_page=100`)).json();
  assert.ok(listed.items.every((c) => c.branch_name === branchName));
  // … and another branch's customer is "not found", as if it did not exist
  const hq = await open();
  await signIn(hq.page, 'manager');
  await hq.page.waitForURL(/\/customers/);
  const everyone = await (await hq.page.request.get(`${BASE}/api/v1/customers?per_page=100`)).json();
  assert.ok(everyone.total > listed.total, 'head office sees more');
  const elsewhere = everyone.items.find((c) => c.branch_name !== branchName);
  await agent.page.goto(`${BASE}/customers/${elsewhere.id}`);
  await agent.page.getByText('未找到该记录').first().waitFor();
  const own = listed.items[0];
  await agent.page.goto(`${BASE}/customers/${own.id}`);
  await agent.page.locator('b.mono', { hasText: own.customer_no }).first().waitFor();
  await hq.context.close();

  // the admin disables the agent (confirmed)
  await signIn(admin.page, 'admin');
  await admin.page.waitForURL(/\/admin\/users$/);
  await admin.page.goto(`${BASE}${userHref}`);
  await admin.page.getByRole('heading', { name: '测试坐席' }).waitFor();
  await admin.page.getByRole('button', { name: '停用用户' }).click();
  const dialog = admin.page.getByRole('dialog', { name: '停用 测试坐席？' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: '停用用户' }).click();
  await admin.page.getByRole('status').filter({ hasText: '已停用该用户。' }).waitFor();
  await admin.page.locator('.page-head .badge', { hasText: '停用' }).waitFor();
  await admin.page.getByRole('button', { name: '启用用户' }).waitFor();

  // the agent's next request ends on sign-in
  await agent.page.getByRole('link', { name: '工单', exact: true }).click();
  await agent.page.waitForURL(/\/sign-in/);
  await agent.page.getByText('登录已过期').waitFor();
  await signIn(agent.page, username, NEW_PASSWORD);
  await agent.page.getByRole('alert').filter({ hasText: '用户名或密码不正确' }).waitFor();

  // the audit log: the agent's own events …
  await admin.page.getByRole('link', { name: '审计日志' }).click();
  await admin.page.waitForURL(/\/admin\/audit$/);
  await admin.page.getByLabel('用户名').fill(username);
  await admin.page.getByLabel('用户名').press('Enter');
  await admin.page.waitForURL(new RegExp(`user=${username.replaceAll('.', '\\.')}`));
  await admin.page.getByRole('status').filter({ hasText: /共 \d+ 条记录/ }).waitFor();
  const codes = await admin.page.locator('table.data.audit .action-code').allInnerTexts();
  for (const code of ['session.sign_in', 'user.password_change', 'customer.view_360']) {
    assert.ok(codes.includes(code), `${code} is listed for ${username}: ${codes}`);
  }
  await admin.page.locator('table.data.audit td', { hasText: '修改本人密码' }).first().waitFor();
  // … and what the admin did to them
  await admin.page.getByLabel('用户名').fill('admin');
  await admin.page.getByLabel('事件').selectOption('user.');
  await admin.page.getByRole('button', { name: '查询' }).click();
  await admin.page.waitForURL(/action=user\./);
  const rows = admin.page.locator('table.data.audit tbody tr', { hasText: username });
  await rows.first().waitFor();
  const mine = await rows.locator('.action-code').allInnerTexts();
  for (const code of ['user.create', 'user.disable']) {
    assert.ok(mine.includes(code), `${code} is listed: ${mine}`);
  }
  // the filters stay in the URL (a reload keeps them) and go into the CSV link
  await admin.page.reload();
  assert.equal(await admin.page.getByLabel('用户名').inputValue(), 'admin');
  const href = await admin.page.getByRole('link', { name: '导出 CSV' }).getAttribute('href');
  assert.match(href, /^\/api\/v1\/audit\.csv\?user=admin&action=user\.$/);
  const csv = await admin.page.request.get(`${BASE}${href}`);
  assert.equal(csv.status(), 200);
  assert.ok((await csv.text()).includes(username));
  // in English
  await admin.page.getByRole('button', { name: 'EN' }).click();
  await admin.page.getByRole('heading', { name: 'Audit log' }).waitFor();
  await admin.page.getByRole('columnheader', { name: 'Action' }).waitFor();
  await admin.page.locator('table.data.audit td', { hasText: 'User disabled' }).first().waitFor();
  await admin.page.getByRole('button', { name: 'Search' }).waitFor();
  await admin.page.getByRole('button', { name: '中文' }).click();
  assert.deepEqual(admin.errors, []);
  assert.deepEqual(agent.errors, []);
  await admin.context.close();
  await agent.context.close();
});

test('the new-user form checks fields here and shows the server\'s field messages', async () => {
  const { page, errors, context } = await adminPage();
  await page.goto(`${BASE}/admin/users/new`);
  await page.getByRole('button', { name: '创建用户' }).click();
  await page.locator('#new-username-error').filter({ hasText: '必填' }).waitFor();
  await page.locator('#new-display-name-error').filter({ hasText: '必填' }).waitFor();
  await page.locator('#user-branch-error').filter({ hasText: '必填' }).waitFor();
  // an administrator has no branch: the select is off
  await page.getByLabel('角色').selectOption('admin');
  assert.equal(await page.getByLabel('归属网点').isDisabled(), true);
  // a taken name comes back from the server on its field
  await page.getByLabel('用户名').fill('agent');
  await page.getByLabel('显示名称').fill('重复');
  await page.getByRole('button', { name: '创建用户' }).click();
  await page.locator('#new-username-error').filter({ hasText: '该用户名已被使用' }).waitFor();
  assert.equal(await page.locator('.otp-value').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an edit made on a stale copy is refused with a reload; a forced reset shows a new one-time password once', async () => {
  const { page, errors, context } = await adminPage();
  const branches = await (await page.request.get(`${BASE}/api/v1/branches`)).json();
  const username = unique('e2e.edit');
  const created = await page.request.post(`${BASE}/api/v1/users`, {
    headers: CSRF,
    data: { username, display_name: '编辑测试', role: 'marketer', branch_id: branches[0].id },
  });
  assert.equal(created.status(), 201);
  const { user } = await created.json();
  await page.goto(`${BASE}/admin/users/${user.id}`);
  await page.getByRole('heading', { name: '编辑测试' }).waitFor();
  await page.locator('.page-head .badge', { hasText: '待改密码' }).waitFor();
  // without If-Match the server refuses an edit
  const bare = await page.request.patch(`${BASE}/api/v1/users/${user.id}`, {
    headers: CSRF,
    data: { display_name: 'x', role: 'marketer', branch_id: branches[0].id, active: true },
  });
  assert.equal(bare.status(), 428);
  // someone else renames the user after the page read it
  const fresh = await page.request.get(`${BASE}/api/v1/users/${user.id}`);
  const other = await page.request.patch(`${BASE}/api/v1/users/${user.id}`, {
    headers: { ...CSRF, 'If-Match': fresh.headers().etag },
    data: { display_name: '别人改的', role: 'marketer', branch_id: branches[0].id, active: true },
  });
  assert.equal(other.status(), 200);
  await page.getByLabel('显示名称').fill('我改的');
  await page.getByLabel('角色').selectOption('agent');
  await page.getByRole('button', { name: '保存修改' }).click();
  await page.getByRole('alert').filter({ hasText: '其他人刚刚修改了此用户' }).waitFor();
  await page.getByRole('button', { name: '重新加载' }).click();
  await page.getByRole('heading', { name: '别人改的' }).waitFor();
  assert.equal(await page.getByLabel('显示名称').inputValue(), '别人改的');
  // now the edit goes through
  await page.getByLabel('角色').selectOption('agent');
  await page.getByLabel('显示名称').fill('我改的');
  await page.getByLabel('显示名称').press('Enter');
  await page.getByRole('status').filter({ hasText: '已保存修改。' }).waitFor();
  await page.getByRole('heading', { name: '我改的' }).waitFor();
  const saved = await (await page.request.get(`${BASE}/api/v1/users/${user.id}`)).json();
  assert.equal(saved.role, 'agent');
  // a forced reset: confirm, then the new password once; Escape closes it
  await page.getByRole('button', { name: '强制重置密码' }).click();
  const confirm = page.getByRole('dialog', { name: '重置 我改的 的密码？' });
  await confirm.getByRole('button', { name: '强制重置密码' }).click();
  const shown = page.getByRole('dialog', { name: /已重置 我改的 的密码/ });
  await shown.waitFor();
  const otp = (await shown.locator('.otp-value').innerText()).trim();
  assert.ok(otp.length >= 12);
  await page.keyboard.press('Escape');
  await shown.waitFor({ state: 'detached' });
  assert.equal(await page.locator('.otp-value').count(), 0);
  // the page keeps working on the bumped version
  await page.getByLabel('显示名称').fill('再改一次');
  await page.getByRole('button', { name: '保存修改' }).click();
  await page.getByRole('heading', { name: '再改一次' }).waitFor();
  // the reset password signs in (and must be replaced)
  const other_ = await open();
  await signIn(other_.page, username, otp);
  await other_.page.waitForURL(/\/account\/password$/);
  await other_.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a non-admin sees no admin navigation and gets the not-allowed state on admin pages', async () => {
  const { page, errors, context } = await open();
  const audit = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/audit')) audit.push(r.url()); });
  await signIn(page, 'manager');
  await page.waitForURL(/\/customers/);
  await page.getByRole('link', { name: '客户查询' }).waitFor();
  for (const name of ['审计日志', '用户', '数据导入']) {
    assert.equal(await page.locator('.sidenav').getByRole('link', { name, exact: true }).count(), 0, name);
  }
  await page.goto(`${BASE}/admin/audit`);
  await page.getByRole('alert').filter({ hasText: '您的角色无法访问此页面' }).waitFor();
  await page.goto(`${BASE}/admin/users/1`);
  await page.getByRole('alert').filter({ hasText: '您的角色无法访问此页面' }).waitFor();
  assert.deepEqual(audit, []);
  // the server refuses too
  assert.equal((await page.request.get(`${BASE}/api/v1/audit`)).status(), 403);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a cardholder reaches the password page from the account menu; the server\'s rule shows on its field', async () => {
  const { page, errors, context } = await open({ width: 390, height: 844 });
  await signIn(page, 'cardholder');
  await page.waitForURL(/\/portal/);
  await page.getByRole('button', { name: '我的账户' }).click();
  await page.getByRole('link', { name: '修改密码' }).click();
  await page.waitForURL(/\/account\/password$/);
  await page.getByRole('heading', { name: '修改密码' }).waitFor();
  // inside the portal layout
  await page.locator('.tabbar').waitFor();
  await page.getByLabel('当前密码').fill(PASSWORD);
  await page.getByLabel('新密码', { exact: true }).fill('iloveyou2026!!');
  await page.getByLabel('确认新密码').fill('iloveyou2026!!');
  assert.equal(await page.locator('.rules li.ok').count(), 4);
  await page.getByRole('button', { name: '保存新密码' }).click();
  await page.locator('#new-password-error').filter({ hasText: '常见密码' }).waitFor();
  assert.match(page.url(), /\/account\/password$/);
  assert.deepEqual(errors, []);
  await context.close();
});
