/**
 * End to end on the local stack: an agency replies to its template with the filled XLSX → the SES Lambda-action
 * handler (functions/inbound-email.ts) saves the attachment under uploads/<agency>/ → the real ingest handler
 * processes it (extract, match by task id) → the receipt goes out through local SES, threaded under the reply.
 * aws-ses-v2-local keeps no headers of raw mail, so SES traffic passes through a recording relay: the raw MIME
 * that left is checked for In-Reply-To/References, and the same mail is then read back from GET <sesUrl>/store.
 */
import ExcelJS from 'exceljs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import MailComposer from 'nodemailer/lib/mail-composer';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '#shared/config';
import { loadSeedRegistry } from '#shared/registry';
import { buildTemplate, directoryLookup, parsePeriod, TASK_ID_HEADER } from '#shared/templates';
import { lambdaContext } from '#local/queue';
import { startTestStack, type TestStack } from '#testkit/local-stack';

let t: TestStack;
let relay: Server;
const sentRaw: Buffer[] = [];

/** forwards every SES call to the emulator and keeps the raw MIME of each SendEmail. */
async function startRelay(target: string): Promise<string> {
  relay = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      try {
        const data = JSON.parse(body.toString('utf8')) as { Content?: { Raw?: { Data?: string } } };
        if (data.Content?.Raw?.Data) sentRaw.push(Buffer.from(data.Content.Raw.Data, 'base64'));
      } catch { /* not JSON */ }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)) as Array<[string, string]>);
      const up = await fetch(`${target}${req.url}`, { method: req.method, headers, body: req.method === 'GET' ? undefined : body });
      res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await up.arrayBuffer()));
    });
  });
  await new Promise<void>((ok) => relay.listen(0, '127.0.0.1', () => ok()));
  return `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  t = await startTestStack();
  process.env.AWS_ENDPOINT_URL_SESV2 = await startRelay(t.stack.sesUrl);
  t.config = loadConfig(process.env);
  await loadSeedRegistry(t.store);
  await t.store.setContact({ agencyId: 'bo-tu-phap', emails: ['vanphong@moj.gov.vn'], domains: ['moj.gov.vn'] });
});

afterAll(async () => {
  await t?.stop();
  await new Promise((ok) => relay?.close(ok));
});

it('a reply with the filled template is processed and answered with a threaded receipt', async () => {
  // the template Bộ Tư pháp received, filled in: three statuses set, one task deleted
  const tasks = await t.store.listTasks();
  const period = parsePeriod('6 tháng đầu năm 2024');
  const built = await buildTemplate({ agencyId: 'bo-tu-phap', agencyName: 'Bộ Tư pháp', period, deadline: '2024-06-17', tasks, dir: await directoryLookup(), formats: ['xlsx'] });
  expect(built.tasks.length).toBeGreaterThan(5);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(built.files[0].bytes) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Phụ lục 01')!;
  const filled: Record<string, string> = {};
  const choices = ['Hoàn thành', 'Đang triển khai', 'Chưa hoàn thành'];
  ws.eachRow((row, n) => {
    const id = row.getCell(2).text;
    if (n > 5 && id.includes(':') && Object.keys(filled).length < 3) {
      filled[id] = choices[Object.keys(filled).length];
      row.getCell(8).value = filled[id];
    }
  });
  expect(ws.getRow(5).getCell(2).text).toBe(TASK_ID_HEADER);
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());

  const raw = await new Promise<Buffer>((ok, fail) => new MailComposer({
    from: '"Văn phòng Bộ Tư pháp" <vanphong@moj.gov.vn>', to: 'bao-cao@de-an-06.local',
    subject: 'Re: [Đề án 06] Biểu mẫu báo cáo 6 tháng đầu năm 2024 — Bộ Tư pháp', messageId: '<reply-e2e-1@moj.gov.vn>',
    inReplyTo: '<template-e2e@de-an-06.local>', references: ['<template-e2e@de-an-06.local>'],
    text: 'Kính gửi Thư ký Tổ công tác,\nBộ Tư pháp gửi lại biểu mẫu đã điền.',
    attachments: [{ filename: 'Biểu mẫu Phụ lục 01 - Bộ Tư pháp (đã điền).xlsx', content: xlsx }],
  }).compile().build((e, m) => (e ? fail(e) : ok(m))));

  // SES: the S3 action stored the message, then the Lambda action fires
  const sesMessageId = 'e2etest0000000000000000000000000001';
  await t.blobs.put(`inbound/${sesMessageId}`, raw);
  const { handler } = await import('../../functions/inbound-email');
  const verdict = { status: 'PASS' };
  const result = await handler({
    Records: [{
      eventSource: 'aws:ses', eventVersion: '1.0',
      ses: {
        mail: {
          timestamp: '2024-06-16T02:00:00.000Z', source: 'vanphong@moj.gov.vn', messageId: sesMessageId, destination: ['bao-cao@de-an-06.local'],
          headersTruncated: false, headers: [], commonHeaders: { returnPath: 'vanphong@moj.gov.vn', date: 'x', messageId: '<reply-e2e-1@moj.gov.vn>' },
        },
        receipt: {
          timestamp: '2024-06-16T02:00:00.000Z', processingTimeMillis: 10, recipients: ['bao-cao@de-an-06.local'],
          spamVerdict: verdict, virusVerdict: verdict, spfVerdict: verdict, dkimVerdict: verdict, dmarcVerdict: verdict,
          action: { type: 'Lambda', functionArn: 'arn:aws:lambda:ap-southeast-1:000000000000:function:inbound', invocationType: 'Event' },
        },
      },
    }],
  } as never, lambdaContext('intake-inbound-email', 'ap-southeast-1', 120_000));
  expect(result.results[0]).toMatchObject({ state: 'accepted', saved: 1 });
  await t.stack.idle();

  // the report: processed, from the email, rows matched by task id
  const reports = await t.store.listReports({ agencyId: 'bo-tu-phap' });
  expect(reports).toHaveLength(1);
  const report = reports[0];
  expect(report).toMatchObject({
    state: 'processed', fileName: 'Biểu mẫu Phụ lục 01 - Bộ Tư pháp (đã điền).xlsx',
    origin: { kind: 'email', messageId: '<reply-e2e-1@moj.gov.vn>', sender: 'vanphong@moj.gov.vn' },
  });
  expect(report.key.startsWith('uploads/bo-tu-phap/email/')).toBe(true);
  const rows = await t.store.listRows(report.id);
  expect(rows).toHaveLength(built.tasks.length);
  for (const [id, status] of Object.entries(filled)) {
    const row = rows.find((r) => r.cells.taskId === id)!;
    expect(row.match).toMatchObject({ taskId: id, decision: 'auto' });
    expect(row.status?.raw ?? row.cells.assessment).toBe(status);
  }

  // the receipt: threaded raw MIME, and in local SES's store
  const receiptRaw = sentRaw.find((r) => r.toString('latin1').includes(report.id));
  expect(receiptRaw).toBeDefined();
  const parsed = await simpleParser(receiptRaw!);
  expect(parsed.inReplyTo).toBe('<reply-e2e-1@moj.gov.vn>');
  expect([parsed.references].flat()).toContain('<reply-e2e-1@moj.gov.vn>');

  const store = (await (await fetch(`${t.stack.sesUrl}/store`)).json()) as { emails: Array<{ subject: string; destination: { to: string[] }; body: { text?: string } }> };
  const receipt = store.emails.find((m) => m.destination.to.some((x) => x.includes('vanphong@moj.gov.vn')));
  expect(receipt?.subject).toBe('Re: Re: [Đề án 06] Biểu mẫu báo cáo 6 tháng đầu năm 2024 — Bộ Tư pháp');
  expect(receipt?.body.text).toContain(`Bảng 1: đọc ${built.tasks.length} dòng`);
  expect(receipt?.body.text).toContain('Hoàn thành: 1');
  expect(receipt?.body.text).toContain(`Chưa ghi tình trạng: ${built.tasks.length - 3}`);
});
