/**
 * `npm run screenshot:console [-- --out docs/console]`
 *
 * Screenshots of each console page for the README, on the sample world of `npm start`: runs
 * `intake start --no-serve` into a fresh data dir (seed registry, the sample reports through the real ingest, the
 * digest), records a reporting round as `intake templates send` would, starts the console the way `intake serve`
 * does (web/server.ts on 127.0.0.1), signs in with a one-time link in headless Chromium (Debian's
 * /usr/bin/chromium, driven by playwright-core) and saves one JPEG per page. Nothing leaves this machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { loadConfig } from '#shared/config';
import { addDays, vnToday } from '#shared/domain/dates';
import { seedPath } from '#shared/domain/seeds';
import { sesMailer } from '#shared/mail/ses';
import { dynamoStore } from '#shared/store/dynamo';
import { s3Blobs } from '#shared/store/s3';
import { campaignFor } from '#shared/templates';
import { startLocalStack } from '#local/stack';
import { startConsole } from '#web/server';

const CHROMIUM = '/usr/bin/chromium';
const { values: args } = parseArgs({ options: { out: { type: 'string', default: 'docs/console' } } });
const out = resolve(args.out!);

if (!existsSync(CHROMIUM)) {
  process.stderr.write(`No browser at ${CHROMIUM} (Debian: apt-get install chromium); no screenshots taken.\n`);
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'console-shots-'));
try {
  process.stdout.write('intake start --no-serve (the sample world)…\n');
  execFileSync(process.execPath, ['bin/intake.mjs', 'start', '--no-serve', '--data-dir', dataDir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const stack = await startLocalStack({ dataDir });
  try {
    const config = loadConfig(stack.env);
    const store = dynamoStore(config);
    const today = vnToday();
    const year = Number(today.slice(0, 4));
    const half = Number(today.slice(5, 7)) <= 6 ? 'đầu' : 'cuối';
    await store.putCampaign(campaignFor({ period: `6 tháng ${half} năm ${year}`, deadline: addDays(today, 5), remindDaysBefore: 3, now: new Date(`${addDays(today, -10)}T02:00:00Z`) }));
    const web = await startConsole({ store, blobs: s3Blobs(config), mailer: sesMailer(config), config });
    const browser = await chromium.launch({ executablePath: CHROMIUM });
    try {
      const page = await (await browser.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 900 } })).newPage();
      await page.goto(web.newLoginUrl({ name: 'Thư ký Tổ công tác', groups: ['secretariat'] }));
      const shot = async (name: string, path?: string) => {
        if (path) await page.goto(`${web.url}${path}`);
        await page.screenshot({ path: join(out, `${name}.jpg`), type: 'jpeg', quality: 70 });
        process.stdout.write(`  ${name}.jpg  ${new URL(page.url()).pathname}\n`);
      };
      const firstHref = async (path: string, selector: string) => {
        await page.goto(`${web.url}${path}`);
        return page.locator(selector).first().getAttribute('href');
      };
      await shot('tong-quan', '/');
      await page.locator('#theo-muc-t').evaluate((t) => (t.parentNode as unknown as { scrollIntoView(): void }).scrollIntoView());
      await shot('tong-quan-bieu-do');
      await shot('nhiem-vu', '/nhiem-vu?overdue=1');
      await shot('nhiem-vu-chi-tiet', (await firstHref('/nhiem-vu?status=completed', 'tbody a'))!);
      await shot('bao-cao', '/bao-cao');
      await shot('bao-cao-chi-tiet', (await firstHref('/bao-cao', 'tbody a'))!);
      await shot('xem-xet', '/xem-xet');
      await shot('xem-xet-dong', (await firstHref('/xem-xet', 'tbody td:first-child a'))!);
      await shot('phien-hop', '/phien-hop');
      await shot('co-quan', '/co-quan');
      await shot('danh-muc', '/danh-muc');
      // the diff of an appendix before it is confirmed: 05/CT-TTg with one deadline changed and its last task gone
      const lines = readFileSync(seedPath('sources', '003_fc6b95ce7bbd8ec1.txt'), 'utf8').split('\n');
      lines[512] = 'Tháng 4/2023';
      await page.getByLabel('Tệp phụ lục').setInputFiles({ name: 'phu-luc-05-CT-TTg.txt', mimeType: 'text/plain', buffer: Buffer.from(lines.slice(0, lines.lastIndexOf('8')).join('\n')) });
      await page.getByLabel(/Số hiệu văn bản/).fill('05/CT-TTg');
      await page.getByRole('button', { name: 'Xem phần thay đổi' }).click();
      await page.getByRole('heading', { name: /Phần thay đổi/ }).waitFor();
      await shot('danh-muc-thay-doi');
    } finally {
      await browser.close();
      await web.close();
    }
  } finally {
    await stack.stop();
  }
  process.stdout.write(`Saved in ${out}\n`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
