/**
 * The agency's page in real headless Chromium (/usr/bin/chromium via playwright-core; skipped only when there is no
 * browser), served by the same server `intake serve` runs, on the embedded stack with its ingest queue:
 * an agency opens its link (the token leaves the address bar), fills three tasks with the keyboard-reachable form and
 * submits; the console's task page and the digest preview show those statuses; a second agency's link shows none of
 * the first's tasks; the error summary links to the fields; an uploaded file's receipt appears by itself (htmx);
 * the page fits a phone's width; no CSP violation; a revoked link shows its page only.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startConsole, type RunningConsole } from '#web/server';
import { CHROMIUM } from '#testkit/scan';
import { useLocalStack } from '#testkit/local-stack';
import { ROUND_NOW, seedRound } from '#testkit/agency-round';
import { issueLink, revokeLink } from '#shared/rounds/link';
import { previewDigest } from '#shared/digest';
import { buildTemplate, directoryLookup, parsePeriod } from '#shared/templates';
import type { Campaign } from '#shared/domain/round';

const haveBrowser = existsSync(CHROMIUM);
const env = useLocalStack();
let web: RunningConsole;
let browser: Browser;
let round: Campaign;
const cspErrors: string[] = [];

const linkDeps = () => ({ store: env.store, config: { ...env.config, agencyLinks: { ...env.config.agencyLinks, baseUrl: web.url } }, now: () => ROUND_NOW });

async function agencyPage(agencyId: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const { url } = await issueLink(linkDeps(), { agencyId, roundId: round.id });
  const ctx = await browser.newContext({ locale: 'vi-VN', viewport });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text()); });
  await page.goto(url!);
  return page;
}

/** the fieldset of a task (its legend is the task id) */
const task = (page: Page, id: string) => page.locator('fieldset.task', { has: page.locator('legend', { hasText: new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }) });

describe.skipIf(!haveBrowser)('agency page in Chromium', () => {
  beforeAll(async () => {
    round = await seedRound(env.store);
    web = await startConsole({ store: env.store, blobs: env.blobs, mailer: env.mailer, config: env.config, now: () => ROUND_NOW }, { auth: { tokens: {} } });
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('fills three tasks and submits; the console and the digest show those statuses', async () => {
    const page = await agencyPage('bo-cong-an');
    expect(new URL(page.url()).search).toBe('');
    expect(new URL(page.url()).pathname).toBe('/dot-bao-cao');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    // every field labelled
    const unlabelled = await page.$$eval('input:not([type=hidden]), select, textarea', (els) => els.filter((e) => !(e as unknown as { labels?: ArrayLike<unknown> }).labels?.length).length);
    expect(unlabelled).toBe(0);
    await task(page, '04/CT-TTg:A.1').getByLabel('Tình trạng').selectOption({ label: 'Hoàn thành' });
    await task(page, '04/CT-TTg:A.1').getByLabel('Kết quả thực hiện').fill('Đã kết nối, chia sẻ dữ liệu từ tháng 5/2024');
    await task(page, '04/CT-TTg:B.2').getByLabel('Tình trạng').selectOption({ label: 'Đang triển khai' });
    await task(page, '04/CT-TTg:B.2').getByLabel('Khó khăn, vướng mắc').fill('Chờ hướng dẫn kỹ thuật');
    await task(page, '04/CT-TTg:B.6').getByLabel('Tình trạng').selectOption({ label: 'Thực hiện thường xuyên' });
    await page.getByLabel('Người cập nhật (họ tên, chức vụ)').fill('Phạm Văn B, Cục C06');
    // submit with the keyboard
    await page.getByRole('button', { name: 'Gửi báo cáo' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/da=gui/);
    expect(await page.getByRole('status').first().textContent()).toContain('Đã gửi báo cáo');
    expect(await task(page, '04/CT-TTg:A.1').textContent()).toContain('cập nhật trên trang này');

    // the console's task page (a secretariat session)
    const ctx = await browser.newContext({ locale: 'vi-VN' });
    const sec = await ctx.newPage();
    await sec.goto(web.newLoginUrl({ name: 'Trần Thư Ký', groups: ['secretariat'] }));
    await sec.goto(`${web.url}/nhiem-vu/${encodeURIComponent('04/CT-TTg:A.1')}`);
    const taskText = await sec.locator('main').textContent();
    expect(taskText).toContain('Đã kết nối, chia sẻ dữ liệu từ tháng 5/2024');
    expect(taskText).toContain('Cập nhật trực tuyến');
    await sec.goto(`${web.url}/nhiem-vu/${encodeURIComponent('04/CT-TTg:B.2')}`);
    expect(await sec.locator('main').textContent()).toContain('Đang triển khai');

    // the digest preview
    const out = mkdtempSync(join(tmpdir(), 'agency-digest-'));
    try {
      const { rendered } = await previewDigest({ store: env.store, asOf: '2024-06-20', outDir: out });
      const line = (id: string) => rendered.digest.tasks.find((t) => t.taskId === id)!;
      expect(line('04/CT-TTg:A.1').category).toBe('completed');
      expect(line('04/CT-TTg:B.6').category).toBe('recurring');
      expect(line('04/CT-TTg:B.2').latest?.status).toBe('in_progress');
      // B.2 is late: its line in the digest names the web submission as its evidence
      expect(readFileSync(join(out, 'digest.html'), 'utf8')).toContain('Cập nhật trực tuyến 6 tháng đầu năm 2024');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('a second agency\'s link shows none of the first\'s tasks; the error summary links to each field', async () => {
    const page = await agencyPage('bo-y-te');
    expect(await page.locator('main').textContent()).not.toContain('04/CT-TTg:A.1');
    expect(await page.locator('main').textContent()).not.toContain('Đã kết nối, chia sẻ');
    await task(page, '04/CT-TTg:B.5').getByLabel('Kết quả thực hiện').fill('Có kết quả, quên chọn tình trạng');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    const summary = page.locator('#loi');
    await summary.waitFor();
    // the summary takes the focus, lists both fields; its link moves to the field
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe('loi');
    expect(await summary.getByRole('link').count()).toBe(2);
    await summary.getByRole('link', { name: /Người cập nhật/ }).click();
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe('f-by');
    expect(await task(page, '04/CT-TTg:B.5').getByLabel('Kết quả thực hiện').inputValue()).toBe('Có kết quả, quên chọn tình trạng');
  });

  it('an uploaded file\'s receipt appears by itself; the page fits a phone; a revoked link shows its page only', async () => {
    const page = await agencyPage('bo-tu-phap', { width: 390, height: 844 });
    const width = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as number[];
    expect(width[0]).toBeLessThanOrEqual(width[1]!);
    const built = await buildTemplate({ agencyId: 'bo-tu-phap', agencyName: 'Bộ Tư pháp', period: parsePeriod(round.period), deadline: round.deadline, tasks: await env.store.listTasks(), dir: await directoryLookup(), formats: ['xlsx'] });
    const f = built.files[0]!;
    await page.getByLabel('Chọn tệp').setInputFiles({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    await page.waitForURL(/\/dot-bao-cao\/tep\?key=/);
    const table = page.locator('.receipt-table');
    await table.waitFor({ timeout: 45_000 });
    expect(await table.locator('caption').textContent()).toContain('như thư xác nhận');
    const rows = built.tasks.length;
    expect(await table.locator('tbody tr').first().locator('td').nth(1).textContent()).toBe(String(rows));

    await revokeLink(linkDeps(), { agencyId: 'bo-tu-phap', roundId: round.id });
    await page.goto(`${web.url}/dot-bao-cao`);
    expect(await page.locator('h1').textContent()).toBe('Đường dẫn đã bị thu hồi');
    expect(await page.locator('fieldset').count()).toBe(0);
    expect(cspErrors).toEqual([]);
  });
});
