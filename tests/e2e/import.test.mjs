// Admin import: check a CSV (nothing written), see each problem with its
// line, import a good file once, and a second import adds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an admin checks, fixes and imports a transactions file', async () => {
  const { page, errors } = await open(browser, { width: 1400, height: 1000 });
  await signIn(page, 'admin');
  await page.waitForURL(/\/admin\/users/);
  await page.getByRole('link', { name: '数据导入' }).click();
  await page.waitForURL(/\/admin\/import$/);
  const tag = Date.now() % 1000000;
  const header = '交易流水号,客户号,交易时间,交易金额,商户名称,消费类别';
  const bad = `${header}\nE2E-${tag}-1,C00000001,2026-11-01 10:00,¥88.00,测试商户,dining\nE2E-${tag}-2,C00000001,2026-13-01,12,测试商户,dining\n`;
  await page.getByLabel('数据类型').selectOption('transactions');
  await page.getByLabel('CSV 文件').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.getByRole('button', { name: '校验（不写入）' }).click();
  const report = page.locator('section.import-report');
  await report.getByText('有错误，未写入').waitFor();
  await report.getByText('第 3 行').waitFor();
  await report.getByText('日期格式无法识别').first().waitFor();
  // the header mapping is shown
  await report.locator('table').first().getByRole('cell', { name: '交易时间 · occurred_at' }).waitFor();

  const good = bad.replace('2026-13-01', '2026-11-02');
  await page.getByLabel('CSV 文件').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.getByRole('button', { name: '校验（不写入）' }).click();
  await report.getByText('校验通过，可以导入').waitFor();
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await report.getByText('已导入').waitFor();
  const newRows = report.locator('dt', { hasText: '新增' }).locator('xpath=following-sibling::dd[1]');
  assert.equal(await newRows.innerText(), '2');
  // again: nothing new
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await report.locator('dt', { hasText: '已存在（跳过）' }).waitFor();
  await page.waitForFunction(() => {
    const dts = [...document.querySelectorAll('section.import-report dt')];
    const dt = dts.find((d) => d.textContent.includes('已存在'));
    return dt && dt.nextElementSibling.textContent.trim() === '2';
  });
  assert.deepEqual(errors, []);
});

test('an admin maps a bank\'s own headers, saves the mapping and reuses it', async () => {
  const { page, errors } = await open(browser, { width: 1400, height: 1000 });
  await signIn(page, 'admin');
  await page.waitForURL(/\/admin\/users/);
  await page.goto(`${BASE}/admin/import`);
  const tag = Date.now() % 1000000;
  const rows = Array.from({ length: 25 }, (_, i) => `PAY-${tag}-${i},C00000002,2026-10-0${1 + (i % 9)},oops,备注`);
  const bad = `Pay Ref,Acct,When,Sum,Note\n${rows.join('\n')}\n`;
  await page.getByLabel('数据类型').selectOption('payments');
  // an empty template with the Chinese headers the importer reads
  const template = page.getByRole('link', { name: '下载还款导入模板（CSV 表头）' });
  assert.equal(await template.getAttribute('download'), 'payments-template.csv');
  assert.equal(decodeURIComponent((await template.getAttribute('href')).split(',').slice(1).join(',')),
    '\ufeff还款流水号,卡号,客户号,还款时间,还款金额,还款渠道\r\n');
  await page.getByLabel('CSV 文件').setInputFiles({ name: 'core-payments.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  // the headers are read in the browser; none matches, so the required fields are missing
  const mapping = page.locator('fieldset.mapping');
  await mapping.getByText('缺少必填字段').waitFor();
  await page.getByLabel('Pay Ref').selectOption('reference');
  await page.getByLabel('Acct').selectOption('customer_no');
  await page.getByLabel('When').selectOption('paid_at');
  await page.getByLabel('Sum').selectOption('amount');
  assert.equal(await mapping.getByText('缺少必填字段').count(), 0);
  const name = `核心系统-${tag}`;
  await page.getByLabel('映射名称').fill(name);
  await page.getByRole('button', { name: '保存映射' }).click();
  await mapping.getByText(`已保存映射“${name}”`).waitFor();
  // every one of the 25 bad amounts is downloadable, not only the first 20
  await page.getByRole('button', { name: '校验（不写入）' }).click();
  const report = page.locator('section.import-report');
  await report.getByText('有错误，未写入').waitFor();
  const all = report.getByRole('link', { name: '下载全部问题（25 条）' });
  await all.waitFor();
  const csv = await page.request.get(`${BASE}${await all.getAttribute('href')}`);
  const lines = (await csv.text()).trim().split('\n');
  assert.equal(lines.length, 26);
  assert.match(lines[25], /^26,amount,bad_amount,/);

  // a fresh page: the saved mapping applies to the same layout
  await page.reload();
  await page.getByLabel('数据类型').selectOption('payments');
  const good = bad.replaceAll(',oops', ',12.50');
  await page.getByLabel('CSV 文件').setInputFiles({ name: 'core-payments.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.getByLabel('已保存的映射').selectOption({ label: name });
  assert.equal(await page.getByLabel('Sum').inputValue(), 'amount');
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await report.getByText('已导入').waitFor();
  const newRows = report.locator('dt', { hasText: '新增' }).locator('xpath=following-sibling::dd[1]');
  assert.equal(await newRows.innerText(), '25');
  // the history lists the run
  const history = page.locator('section.import-history');
  await history.getByRole('cell', { name: 'core-payments.csv' }).first().waitFor();
  await history.getByText('已导入').first().waitFor();
  assert.deepEqual(errors, []);
});

test('a large file shows its progress while it is checked', async () => {
  const { page, errors } = await open(browser, { width: 1400, height: 1000 });
  await signIn(page, 'admin');
  await page.waitForURL(/\/admin\/users/);
  await page.goto(`${BASE}/admin/import`);
  const tag = Date.now() % 1000000;
  const n = 400000;
  const lines = ['交易流水号,客户号,交易时间,交易金额,商户名称,消费类别'];
  for (let i = 0; i < n; i++) {
    lines.push(`BIG-${tag}-${i},C0000000${1 + (i % 9)},2026-10-${String(1 + (i % 28)).padStart(2, '0')} 10:00,${1 + (i % 500)}.50,商户${i % 97},dining`);
  }
  await page.getByLabel('数据类型').selectOption('transactions');
  await page.getByLabel('CSV 文件').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') });
  // a check (nothing written, so no analytics run behind the other tests)
  await page.getByRole('button', { name: '校验（不写入）' }).click();
  // a determinate bar with the share read
  // (read in one go: the bar goes when the run ends)
  const shown = await page.waitForFunction(() => {
    const bar = document.querySelector('[role=progressbar][aria-valuenow]');
    const status = [...document.querySelectorAll('[role=status]')].find((e) => e.textContent.includes('已读取'));
    return bar && status ? status.textContent : null;
  }, null, { timeout: 30000, polling: 50 });
  assert.match(await shown.jsonValue(), /已读取 \d+% · [\d,]+ 行/);
  const report = page.locator('section.import-report');
  await report.getByText('校验通过，可以导入').waitFor({ timeout: 60000 });
  const newRows = report.locator('dt', { hasText: '新增' }).locator('xpath=following-sibling::dd[1]');
  assert.equal(await newRows.innerText(), '400,000');
  assert.equal(await page.locator('[role=progressbar][aria-valuenow]').count(), 0);
  assert.deepEqual(errors, []);
});

test('a marketer exports a saved segment as a masked CSV', async () => {
  const { page, errors } = await open(browser, { width: 1400, height: 1000 });
  await signIn(page, 'marketer');
  await page.waitForURL(/\/customers/);
  const list = await (await page.request.get(`${BASE}/api/v1/segments`)).json();
  const segment = list[0];
  await page.goto(`${BASE}/segments/${segment.id}`);
  const link = page.getByRole('link', { name: '导出客户名单' });
  await link.waitFor();
  const href = await link.getAttribute('href');
  const csv = await page.request.get(`${BASE}${href}`);
  assert.equal(csv.status(), 200);
  const body = await csv.text();
  assert.ok(body.startsWith('\ufeffcustomer_no,name,mobile'));
  const rows = body.trim().split('\n').slice(1);
  const full = await (await page.request.get(`${BASE}/api/v1/segments/${segment.id}`)).json();
  const count = await (await page.request.post(`${BASE}/api/v1/segments/count`, { data: { rules: full.rules }, headers: { 'X-Cardinal-Request': '1' } })).json();
  assert.equal(rows.length, count.total);
  assert.ok(rows.every((r) => /\*{4}/.test(r.split(',')[2])));
  // the customer search exports its results the same way
  // (by surname: insight filters may move while analytics run)
  await page.goto(`${BASE}/customers?q=${encodeURIComponent('王')}`);
  const exportLink = page.getByRole('link', { name: '导出结果（CSV，已脱敏）' });
  await exportLink.waitFor();
  const shown = await page.locator('.result-count span').innerText();
  const found = await page.request.get(`${BASE}${await exportLink.getAttribute('href')}`);
  const lines = (await found.text()).trim().split('\n').slice(1);
  assert.equal(String(lines.length), shown.replace(/[^0-9]/g, ''));
  assert.deepEqual(errors, []);
});
