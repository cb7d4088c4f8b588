/**
 * No document text or personal data in logs. Every line the Powertools logger writes (at DEBUG, the most it
 * ever says) is captured while the real handlers process an uploaded report, an email from a named person with an
 * attachment and a table in its body, a corrupt file, a dead-lettered S3 failure and a daily digest; then no cell
 * text, no subject, no name, no phone number and no e-mail address may appear in it — ids, codes and counts only.
 */
import ExcelJS from 'exceljs';
import MailComposer from 'nodemailer/lib/mail-composer';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { logger } from '../../functions/commons/powertools';
import { lambdaContext } from '#local/queue';
import { loadSeedRegistry, seedRegistry } from '#shared/registry';
import { intercept } from '#shared/store/clients';
import { startTestStack, type TestStack } from '#testkit/local-stack';

const PERSON = 'Nguyễn Thị Hoà';
const PHONE = '0912 345 678';
const SENDER = 'hoa.nt@moj.gov.vn';
const SUBJECT = 'Báo cáo Đề án 06 quý III — chị Hoà gửi';
const lines: string[] = [];
let t: TestStack;
let restore: () => void;

function capture() {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const grab = (chunk: unknown) => { lines.push(...String(chunk).split('\n').filter(Boolean)); return true; };
  process.stdout.write = grab as typeof process.stdout.write;
  process.stderr.write = grab as typeof process.stderr.write;
  return () => { process.stdout.write = out; process.stderr.write = err; };
}

async function personalXlsx(): Promise<Uint8Array> {
  const tasks = seedRegistry().filter((x) => x.directive.number === '05/CT-TTg').slice(0, 6);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phụ lục 01');
  ws.addRow(['STT', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn hoàn thành', 'Tình hình thực hiện', 'Ghi chú']);
  tasks.forEach((x, i) => ws.addRow([i + 1, x.content, x.lead.raw, x.deadline.raw, i % 2 ? 'Đã hoàn thành' : 'Đang thực hiện',
    i === 0 ? `Đầu mối: ${PERSON}, ĐT ${PHONE}, ${SENDER}` : 'Số CCCD 001190012345 của cán bộ phụ trách']));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const compose = (o: ConstructorParameters<typeof MailComposer>[0]) =>
  new Promise<Buffer>((res, rej) => new MailComposer(o).compile().build((e, m) => (e ? rej(e) : res(m))));

function sesEvent(messageId: string) {
  const pass = { status: 'PASS' };
  return {
    Records: [{
      eventSource: 'aws:ses', eventVersion: '1.0',
      ses: {
        mail: { timestamp: new Date().toISOString(), source: SENDER, messageId, destination: ['bao-cao@de-an-06.local'], headersTruncated: false, headers: [], commonHeaders: { from: [`${PERSON} <${SENDER}>`], subject: SUBJECT } },
        receipt: { timestamp: new Date().toISOString(), processingTimeMillis: 5, recipients: ['bao-cao@de-an-06.local'], spamVerdict: pass, virusVerdict: pass, spfVerdict: pass, dkimVerdict: pass, dmarcVerdict: pass, action: { type: 'Lambda', functionArn: 'arn', invocationType: 'Event' } },
      },
    }],
  };
}

beforeAll(async () => {
  t = await startTestStack();
  await loadSeedRegistry(t.store);
  await t.store.setContact({ agencyId: 'bo-tu-phap', emails: ['van-thu@moj.gov.vn'], domains: ['moj.gov.vn'] });
  logger.setLogLevel('DEBUG');
  restore = capture();
  try {
    // 1. an upload carrying names, a phone number, an address and an ID number in its cells
    await t.blobs.put('uploads/bo-tu-phap/bao-cao-quy-3.xlsx', await personalXlsx());
    // 2. a corrupt file
    await t.blobs.put('uploads/bo-tu-phap/hong.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9, 9]));
    // 3. an S3 read that keeps failing: dead-lettered
    const stop = intercept(({ service, command, input }) => {
      if (service === 's3' && command === 'GetObjectCommand' && String(input.Key).includes('khong-doc-duoc')) {
        throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } });
      }
    });
    await t.blobs.put(`uploads/bo-tu-phap/khong-doc-duoc ${PERSON}.docx`, new Uint8Array(readFileSync(new URL('../../seeds/samples/bo-tu-phap.docx', import.meta.url))));
    await t.stack.idle();
    stop();
    // 4. an email from a named person: a table in the body and the sample report attached
    const raw = await compose({
      from: `${PERSON} <${SENDER}>`, to: 'bao-cao@de-an-06.local', subject: SUBJECT, messageId: '<q3-hoa@moj.gov.vn>',
      text: `Kính gửi Tổ công tác,\nSTT\tNội dung\tTình trạng\n1\tKết nối hộ tịch với CSDL dân cư\tĐã hoàn thành\n\n${PERSON}\n${PHONE}`,
      attachments: [{ filename: `Báo cáo - ${PERSON}.docx`, content: readFileSync(new URL('../../seeds/samples/bo-tu-phap.docx', import.meta.url)) }],
    });
    await t.blobs.put('inbound/msg-hoa', raw);
    const { handler: inbound } = await import('../../functions/inbound-email');
    await inbound(sesEvent('msg-hoa') as never, lambdaContext('intake-inbound-email', 'ap-southeast-1', 120_000));
    await t.stack.idle();
    // 5. the daily digest for a meeting due today, to named recipients
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    await t.store.putMeeting({ id: 'hop-to-cong-tac', date: today, title: `Họp Tổ công tác — chủ trì ${PERSON}`, sendDaysBefore: 0, recipients: [SENDER], createdAt: new Date().toISOString() });
    const { handler: digest } = await import('../../functions/digest');
    await digest({ source: 'scheduler', kind: 'daily-digest' });
  } finally {
    restore();
    logger.setLogLevel(process.env.POWERTOOLS_LOG_LEVEL as never ?? 'WARN');
  }
});

afterAll(async () => { restore?.(); await t?.stop(); });

it('the handlers did log (ids, codes, counts)', () => {
  const json = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(json.length).toBeGreaterThan(10);
  const messages = new Set(json.map((j) => j.message));
  for (const m of ['report received', 'report final', 'upload event failed']) expect(messages).toContain(m);
  expect(json.some((j) => typeof j.reportId === 'string')).toBe(true);
});

it('all five paths ran: upload, corrupt, dead letter, email (body + attachment), digest', async () => {
  const reports = await t.store.listReports();
  const byName = (re: RegExp) => reports.filter((r) => re.test(r.key));
  expect(byName(/bao-cao-quy-3\.xlsx$/)[0]).toMatchObject({ state: 'processed' });
  expect(byName(/hong\.docx$/)[0]).toMatchObject({ state: 'quarantined' });
  expect(byName(/khong-doc-duoc/)[0]).toMatchObject({ state: 'failed', error: { code: 'dead_lettered' } });
  const fromMail = reports.filter((r) => r.origin?.kind === 'email');
  expect(fromMail.length).toBeGreaterThanOrEqual(1);
  expect(t.stack.sentMail().some((m) => m.destination.to.includes(SENDER) && /Họp Tổ công tác/.test(m.subject + (m.body.text ?? '')))).toBe(true);
});

it('no cell text, subject, name, phone, ID number or e-mail address appears in any log line', async () => {
  const text = lines.join('\n');
  expect(text).not.toMatch(/[\w.+-]+@[\w-]+(\.[\w-]+)+/); // no address at all, ours included
  for (const s of [PERSON, PHONE, '001190012345', SUBJECT, 'Tổ công tác', 'Kết nối hộ tịch']) expect(text, s).not.toContain(s);
  // every cell of every stored row
  let cells = 0;
  for (const r of await t.store.listReports()) {
    for (const row of await t.store.listRows(r.id)) {
      for (const v of Object.values(row.cells)) {
        if (typeof v !== 'string' || v.length < 6) continue;
        cells++;
        expect(text, `cell of ${r.id}`).not.toContain(v);
      }
    }
  }
  expect(cells).toBeGreaterThan(20);
});
