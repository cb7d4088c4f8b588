/**
 * The HTML email: safe for mail clients (no scripts, no images, nothing fetched), escaped, and — when Debian's
 * chromium is installed — rendered headless to a PNG that must show the page, its red/green bars and text.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consolidate } from '#shared/digest/consolidate';
import { barWidths, renderHtml } from '#shared/digest/render-html';
import { renderText } from '#shared/digest/render-text';
import { countColor, readPng } from '#testkit/png';
import * as w from '#testkit/digest-world';

const CHROMIUM = '/usr/bin/chromium';

function digest() {
  const tasks = w.tasks();
  tasks[2] = { ...tasks[2], content: 'Nhiệm vụ có <script>alert(1)</script> và <img src="http://x.example/t.png"> trong nội dung' };
  return consolidate({
    asOf: w.AS_OF, tasks, statuses: w.statuses(), reports: w.reports(), reviewRows: w.reviewRows(),
    unregisteredRows: w.unregisteredRows(), contacts: w.contacts(),
    meeting: { id: 'so-ket', title: 'Hội nghị sơ kết 6 tháng đầu năm 2024', date: '2024-06-20' },
    period: w.PERIOD, agencies: w.tableNames, generatedAt: '2024-06-17T00:00:00Z',
  });
}

describe('the HTML digest', () => {
  const html = renderHtml(digest());

  it('has no script, no image, no external resource, and escapes report text', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/\son\w+\s*=/i); // event handlers
    expect(html).not.toMatch(/<link|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*"(https?:)?\/\//i);
    for (const m of html.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^mailto:/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('is table-based with inline styles, in Vietnamese', () => {
    expect(html).toContain('<html lang="vi">');
    expect(html).not.toMatch(/<style|class=/i);
    expect(html).not.toMatch(/display:\s*(flex|grid)/i);
    expect(html).toContain('Tính đến nay, còn 06 nhiệm vụ chậm muộn, trong đó');
    expect(html).toContain('01 nhiệm vụ chậm muộn từ năm 2023 chuyển sang');
    expect(html).toContain('Các đơn vị chưa gửi báo cáo kỳ này (2)');
    expect(renderText(digest())).toContain('CÁC NHIỆM VỤ CHẬM MUỘN');
  });

  it('draws bars whose parts add up to 100%', () => {
    expect(barWidths({ completed: 1, overdue: 1, inProgress: 1 }).reduce((s, p) => s + p.pct, 0)).toBe(100);
    expect(barWidths({ completed: 2, overdue: 6, inProgress: 3, recurring: 1 })).toEqual([
      { cat: 'completed', pct: 17 }, { cat: 'overdue', pct: 50 }, { cat: 'inProgress', pct: 25 }, { cat: 'recurring', pct: 8 },
    ]);
    expect(barWidths({})).toEqual([]);
    for (const m of html.matchAll(/<tr>((?:<td width="\d+%" height[^>]*>&nbsp;<\/td>)+)<\/tr>/g)) {
      const sum = [...m[1].matchAll(/width="(\d+)%"/g)].reduce((s, x) => s + Number(x[1]), 0);
      expect(sum).toBe(100);
    }
  });

  it.skipIf(!existsSync(CHROMIUM))('renders in headless Chromium to a non-blank page with its bars', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-render-'));
    const file = join(dir, 'digest.html');
    const png = join(dir, 'digest.png');
    writeFileSync(file, html);
    execFileSync(CHROMIUM, [
      '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--disable-extensions',
      '--disable-background-networking', '--host-resolver-rules=MAP * ~NOTFOUND', `--screenshot=${png}`,
      '--window-size=820,1400', `file://${file}`,
    ], { stdio: 'ignore', timeout: 60_000 });
    if (process.env.DIGEST_SCREENSHOT) writeFileSync(process.env.DIGEST_SCREENSHOT, readFileSync(png));
    const img = readPng(readFileSync(png));
    expect(img.width).toBe(820);
    const total = img.width * img.height;
    const background = countColor(img, '#f4f4f4', 2) + countColor(img, '#ffffff', 2);
    expect(background / total).toBeLessThan(0.97); // not blank
    expect(countColor(img, '#0d47a1', 6)).toBeGreaterThan(820 * 40); // the blue title band
    expect(countColor(img, '#c62828', 6)).toBeGreaterThan(200); // overdue bar and numbers
    expect(countColor(img, '#2e7d32', 6)).toBeGreaterThan(200); // completed bar
    expect(countColor(img, '#222222', 40)).toBeGreaterThan(500); // body text
  });
});
