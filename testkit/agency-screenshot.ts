/**
 * `npm run screenshot:agency`: the agency's round page as the README shows it — an in-memory stack with the console
 * world's tasks and a round, Bộ Công an's link opened in headless Chromium, two tasks filled in, saved as
 * docs/screenshots/agency-round.png (laptop, 1280 px) and agency-round-phone.png (390 px). Prints the paths.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startTestStack } from './local-stack';
import { ROUND_NOW, seedRound } from './agency-round';
import { CHROMIUM } from './scan';
import { ROOT } from './cli';
import { issueLink } from '#shared/rounds/link';
import { startConsole } from '#web/server';

const out = join(ROOT, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const t = await startTestStack({ deliverEvents: false });
const web = await startConsole({ store: t.store, blobs: t.blobs, mailer: t.mailer, config: t.config, now: () => ROUND_NOW }, { auth: { tokens: {} } });
const browser = await chromium.launch({ executablePath: CHROMIUM });
try {
  const round = await seedRound(t.store);
  const { url } = await issueLink({ store: t.store, config: { ...t.config, agencyLinks: { ...t.config.agencyLinks, baseUrl: web.url } }, now: () => ROUND_NOW }, { agencyId: 'bo-cong-an', roundId: round.id });
  for (const [name, viewport] of [['agency-round.png', { width: 1280, height: 900 }], ['agency-round-phone.png', { width: 390, height: 844 }]] as const) {
    const ctx = await browser.newContext({ locale: 'vi-VN', viewport, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    await page.goto(url!);
    const first = page.locator('fieldset.task').first();
    await first.getByLabel('Tình trạng').selectOption({ label: 'Hoàn thành' });
    await first.getByLabel('Kết quả thực hiện').fill('Đã kết nối, chia sẻ dữ liệu với CSDL quốc gia về dân cư từ tháng 5/2024');
    await page.getByLabel('Người cập nhật (họ tên, chức vụ)').fill('Phạm Văn B, Cục C06');
    // the top of the page, nothing focused (fill scrolled to the last field)
    await page.evaluate('document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)');
    await page.screenshot({ path: join(out, name), fullPage: name === 'agency-round.png' });
    process.stdout.write(`${join(out, name)}\n`);
    await ctx.close();
  }
} finally {
  await browser.close();
  await web.close();
  await t.stop();
}
