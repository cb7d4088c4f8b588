/**
 * The console in real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core; `.ci/run` installs
 * it; skipped only when no browser is there), on the embedded stack, served by the same server `intake serve` runs.
 * One browser for the file.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startConsole, type RunningConsole } from '#web/server';
import { CHROMIUM } from '#testkit/scan';
import { useLocalStack } from '#testkit/local-stack';
import { seedConsole } from '#testkit/console-world';
import { readFileSync } from 'node:fs';
import { seedPath } from '#shared/domain/seeds';

const haveBrowser = existsSync(CHROMIUM);
const env = useLocalStack({ deliverEvents: false });
const USERS = { secretariat: { name: 'Trần Thư Ký', groups: ['secretariat' as const] }, viewer: { name: 'Lê Xem', groups: ['viewer' as const] } };
let web: RunningConsole;
let browser: Browser;

/** A new browser signed in with a fresh single-use login URL (a token opens one session). */
async function signedIn(who: keyof typeof USERS): Promise<Page> {
  const ctx = await browser.newContext({ locale: 'vi-VN' });
  const page = await ctx.newPage();
  await page.goto(web.newLoginUrl(USERS[who]));
  return page;
}

describe.skipIf(!haveBrowser)('console in Chromium', () => {
  beforeAll(async () => {
    await seedConsole(env.store);
    web = await startConsole(
      { store: env.store, blobs: env.blobs, mailer: env.mailer, config: env.config },
      { auth: { tokens: {} } },
    );
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('logs in with the token (which leaves the address bar), decides with the keyboard, and the store has it', async () => {
    const page = await signedIn('secretariat');
    expect(new URL(page.url()).search).toBe('');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByRole('navigation').getByRole('link', { name: 'Cần xem xét' }).click();
    await page.getByRole('link', { name: 'r1-cong-an/0.7' }).click();
    await expect.poll(() => page.url()).toContain('/xem-xet/r1-cong-an/0.7');
    // every form field has a label; the shortcut buttons say their key
    const unlabelled = await page.$$eval('input:not([type=hidden]), select, textarea', (els) => els.filter((e) => !(e as unknown as { labels?: ArrayLike<unknown> }).labels?.length).length);
    expect(unlabelled).toBe(0);
    expect(await page.locator('[data-key="1"]').getAttribute('aria-keyshortcuts')).toBe('1');

    await page.locator('body').press('1');
    await page.waitForURL(/xong=/);
    expect(page.url()).toContain('/xem-xet/r1-cong-an/0.8'); // the next row opened
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('r1-cong-an/0.7');
    const row = await env.store.getRow('r1-cong-an', '0.7');
    expect(row?.override).toMatchObject({ action: 'accept', taskId: '04/CT-TTg:B.2', by: 'Trần Thư Ký' });
    expect((await env.store.statusHistory('04/CT-TTg:B.2')).some((h) => h.reportId === 'r1-cong-an' && h.rowId === '0.7' && h.by === 'secretariat')).toBe(true);

    // the task page shows the new status, recorded by the secretariat
    await page.goto(`${web.url}/nhiem-vu/${encodeURIComponent('04/CT-TTg:B.2')}`);
    const agencyRow = page.getByRole('row', { name: /Bộ Công an/ }).first();
    await expect.poll(() => agencyRow.textContent()).toContain('Hoàn thành');
    await expect.poll(() => page.locator('main').textContent()).toContain('Thư ký');
    await page.goBack();

    // hostile cells stay text: nothing ran
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    await expect.poll(() => page.locator('main').textContent()).toContain('<script>window.__pwned=1</script>');

    // "m" marks this row new; the search field takes "/" and typing "m" there does not decide
    await page.locator('body').press('/');
    await page.keyboard.type('m');
    expect(page.url()).toContain('/xem-xet/r1-cong-an/0.8');
    await page.locator('h1').click();
    await page.locator('body').press('m');
    await page.waitForURL(/\/xem-xet\/r2-y-te\/0\.4\?xong=/);
    expect((await env.store.getRow('r1-cong-an', '0.8'))?.override).toMatchObject({ action: 'new', by: 'Trần Thư Ký' });
    await page.context().close();
  });

  it('searches the registry in place (htmx) and accepts another task', async () => {
    const page = await signedIn('secretariat');
    await page.goto(`${web.url}/xem-xet/r2-y-te/0.4`);
    await page.getByLabel(/Tìm nhiệm vụ khác/).fill('B.7');
    await page.getByLabel(/Tìm nhiệm vụ khác/).press('Enter');
    const choose = page.getByRole('button', { name: 'Chọn 04/CT-TTg:B.7' });
    await choose.waitFor();
    await choose.click();
    await page.waitForURL(/xong=/);
    expect((await env.store.getRow('r2-y-te', '0.4'))?.override).toMatchObject({ action: 'accept', taskId: '04/CT-TTg:B.7' });
    await expect.poll(() => page.locator('main').textContent()).toContain('Không còn dòng nào cần xem xét');
    await page.context().close();
  });

  it('a viewer is refused a decision; a form posted from another site is refused', async () => {
    const viewer = await signedIn('viewer');
    await viewer.goto(`${web.url}/xem-xet/r2-y-te/0.4`);
    expect(await viewer.locator('[data-key]').count()).toBe(0);
    // the page's own token and origin: only the group is missing (tsconfig has no DOM lib, hence the string)
    const status = await viewer.evaluate(`(async () => {
      const csrf = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
      const res = await fetch(location.pathname, { method: 'POST', body: new URLSearchParams({ action: 'reject', _csrf: csrf }), redirect: 'manual' });
      return res.status;
    })()`);
    expect(status).toBe(403);
    await viewer.context().close();

    // another site (another port is another origin) auto-posting a decision into the secretariat's session
    const evil: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<form id="f" method="post" action="${web.url}/xem-xet/r2-y-te/0.4"><input name="action" value="reject"><button>go</button></form>`);
    });
    await new Promise<void>((ok) => evil.listen(0, '127.0.0.1', ok));
    try {
      const page = await signedIn('secretariat');
      await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      const [res] = await Promise.all([page.waitForResponse((r) => r.url().startsWith(web.url)), page.locator('button').click()]);
      expect([401, 403]).toContain(res.status());
      expect((await env.store.getRow('r2-y-te', '0.4'))?.override?.action).toBe('accept'); // unchanged
      await page.context().close();
    } finally {
      await new Promise<void>((ok) => evil.close(() => ok()));
    }
  });

  it('a chart bar opens the list behind it (Tổng quan → Nhiệm vụ of that section and category)', async () => {
    const page = await signedIn('viewer');
    await page.goto(`${web.url}/`);
    const chart = page.getByRole('img', { name: /Tình trạng nhiệm vụ theo mục/ });
    await chart.waitFor();
    const bar = page.getByRole('link', { name: /^04\/CT-TTg · mục A, Chậm muộn: \d+ nhiệm vụ$/ });
    const n = Number(/: (\d+) nhiệm vụ/.exec((await bar.getAttribute('aria-label'))!)![1]);
    await bar.click();
    await page.waitForURL(/\/nhiem-vu\?.*category=overdue/);
    expect(new URL(page.url()).searchParams.get('section')).toBe('A');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`${n} nhiệm vụ — nhóm Chậm muộn`);
    expect(await page.locator('tbody tr').count()).toBe(n);
    await page.context().close();
  });

  it('imports a directive\'s appendix: upload → the diff → confirm, and the registry has it', async () => {
    const page = await signedIn('secretariat');
    await page.goto(`${web.url}/danh-muc`);
    await page.getByLabel('Tệp phụ lục').setInputFiles({ name: 'phu-luc-05.txt', mimeType: 'text/plain', buffer: readFileSync(seedPath('sources', '003_fc6b95ce7bbd8ec1.txt')) });
    await page.getByLabel(/Số hiệu văn bản/).fill('05/CT-TTg');
    await page.getByRole('button', { name: 'Xem phần thay đổi' }).click();
    await page.getByRole('heading', { name: 'Phần thay đổi của 05/CT-TTg' }).waitFor();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Thêm mới: 72');
    expect(await env.store.listTasks({ directive: '05/CT-TTg' })).toHaveLength(0); // nothing written yet
    await page.getByRole('button', { name: 'Xác nhận cập nhật danh mục' }).click();
    await page.waitForURL(/\/danh-muc\?xong=/);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Đã cập nhật 05/CT-TTg: thêm 72');
    expect(await env.store.listTasks({ directive: '05/CT-TTg' })).toHaveLength(72);
    // the directive is listed with its sections, each a link to its tasks
    await page.getByRole('link', { name: 'Mục A' }).last().click();
    await page.waitForURL(/directive=05%2FCT-TTg&section=A/);
    await page.context().close();
  });
});
