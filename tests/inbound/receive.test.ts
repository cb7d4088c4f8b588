/**
 * The inbound path against the real emulators (dynalite, s3rver, aws-ses-v2-local): what is saved under uploads/,
 * with which provenance; what is held, quarantined or refused, recorded, and told to whom.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config';
import { receiveMessage, type InboundDeps } from '#shared/inbound/receive';
import { SesReceipt } from '#shared/inbound/verdicts';
import { startLocalStack, type LocalStack } from '#local/stack';
import { sesMailer } from '#shared/mail/ses';
import type { Blobs } from '#shared/store/blobs';
import { s3Blobs } from '#shared/store/s3';
import { dynamoStore } from '#shared/store/dynamo';
import type { Store } from '#shared/store/records';
import { encodeGrayPng } from '#shared/extract/ocr/png';

const fixture = (name: string) => new Uint8Array(readFileSync(join(__dirname, '../fixtures/eml', name)));
const compose = (o: ConstructorParameters<typeof MailComposer>[0]) =>
  new Promise<Uint8Array>((res, rej) => new MailComposer(o).compile().build((e, m) => (e ? rej(e) : res(new Uint8Array(m)))));
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const XLSX_CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function xlsxBytes(): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phụ lục 01');
  ws.addRow(['STT', 'Mã nhiệm vụ', 'Nội dung, nhiệm vụ', 'Tình trạng']);
  ws.addRow([1, '04/CT-TTg:B.22', 'Kết nối hộ tịch', 'Hoàn thành']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function receipt(v: Partial<Record<'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc', string>> = {}) {
  return SesReceipt.parse({
    timestamp: '2024-06-17T01:00:00.000Z', recipients: ['bao-cao@de-an-06.local'],
    spamVerdict: { status: v.spam ?? 'PASS' }, virusVerdict: { status: v.virus ?? 'PASS' }, spfVerdict: { status: v.spf ?? 'PASS' },
    dkimVerdict: { status: v.dkim ?? 'PASS' }, dmarcVerdict: { status: v.dmarc ?? 'PASS' },
  });
}

let stack: LocalStack;
let store: Store;
let blobs: Blobs;
let deps: InboundDeps;
let n = 0;

async function feed(raw: Uint8Array, extra: { receipt?: ReturnType<typeof receipt>; limits?: InboundDeps['limits'] } = {}) {
  n += 1;
  const rawKey = `inbound/test-${n}-${Date.now()}`;
  await blobs.put(rawKey, raw);
  return receiveMessage({ raw, rawKey, receipt: extra.receipt ?? receipt(), receivedAt: '2024-06-17T01:00:00.000Z' }, { ...deps, limits: { maxRepliesPerDay: 1000, ...extra.limits } });
}

const mailTo = (addr: string) => stack.sentMail().filter((m) => m.destination.to.some((t) => t.includes(addr)));

beforeAll(async () => {
  stack = await startLocalStack({ dataDir: null, deliverEvents: false });
  const config = loadConfig(stack.env);
  store = dynamoStore(config);
  blobs = s3Blobs(config);
  deps = { store, blobs, mailer: sesMailer(config), secretariat: config.secretariatAddress };
  await store.setContact({ agencyId: 'bo-tu-phap', emails: ['vanphong@moj.gov.vn'], domains: ['moj.gov.vn'] });
  await store.setContact({ agencyId: 'bo-noi-vu', emails: [], domains: ['moha.gov.vn'] });
  await store.setContact({ agencyId: 'bo-thong-tin-va-truyen-thong', emails: [], domains: ['mic.gov.vn'] });
  await store.setContact({ agencyId: 'bo-y-te', emails: ['vanphong@moh.gov.vn'], domains: [] });
});

afterAll(async () => {
  await stack?.stop();
});

describe('receiving a report by email', () => {
  it('saves base64 attachments under uploads/<agency>/ with provenance, Vietnamese names kept', async () => {
    const out = await feed(fixture('rfc2231-pdf.eml'));
    expect(out.state).toBe('accepted');
    expect(out.agencyId).toBe('bo-noi-vu');
    expect(out.saved.map((s) => s.fileName)).toEqual(['Báo cáo Đề án 06 - Bộ Nội vụ.pdf', 'Phụ lục 01 - Thống kê nhiệm vụ.pdf']);
    for (const s of out.saved) {
      expect(s.key.startsWith('uploads/bo-noi-vu/email/2024-06-17/')).toBe(true);
      expect(s.key.endsWith(`/${s.fileName}`)).toBe(true);
      const head = await blobs.head(s.key);
      expect(head?.metadata).toMatchObject({
        origin: 'email', agency: 'bo-noi-vu', 'message-id': '<rfc2231-002@moha.gov.vn>', sender: 'dean06@moha.gov.vn',
        subject: 'Báo cáo 6 tháng', 'received-at': '2024-06-17T01:00:00.000Z', 'file-name': s.fileName,
      });
      const blob = await blobs.get(s.key);
      expect(Buffer.from(blob!.bytes).subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it('takes a reply carrying the filled template (XLSX) built by MailComposer', async () => {
    const raw = await compose({
      from: '"Văn phòng Bộ Tư pháp" <vanphong@moj.gov.vn>', to: 'bao-cao@de-an-06.local',
      subject: 'Re: [Đề án 06] Biểu mẫu báo cáo 6 tháng đầu năm 2024', inReplyTo: '<template-1@de-an-06.local>',
      text: 'Kính gửi, Bộ Tư pháp gửi lại biểu mẫu đã điền.\n\n> Trích thư cũ',
      attachments: [{ filename: 'Biểu mẫu - Bộ Tư pháp - 6 tháng đầu năm 2024.xlsx', content: await xlsxBytes(), contentType: XLSX_CT }],
    });
    const out = await feed(raw);
    expect(out.state).toBe('accepted');
    expect(out.saved).toHaveLength(1);
    expect(out.saved[0]).toMatchObject({ type: 'xlsx', fileName: 'Biểu mẫu - Bộ Tư pháp - 6 tháng đầu năm 2024.xlsx' });
    expect(out.problems).toEqual([]);
  });

  it('takes a scan attached as a JPEG (a page-sized image) for OCR, and ignores a logo image', async () => {
    // the header of a 1654 × 2339 px JPEG (A4 at 200 dpi): all the inbound path reads of an image
    const sof = [0xff, 0xc0, 0, 17, 8, 0x09, 0x23, 0x06, 0x76, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, ...sof, 0xff, 0xd9]);
    const logo = encodeGrayPng({ width: 120, height: 40, data: new Uint8Array(4800).fill(200) });
    const raw = await compose({
      from: 'Văn phòng Bộ Tư pháp <vanphong@moj.gov.vn>', to: 'bao-cao@de-an-06.local', subject: 'Báo cáo bản quét', text: 'Gửi bản quét báo cáo.',
      attachments: [{ filename: 'bao-cao-quet.jpg', content: jpeg, contentType: 'image/jpeg' }, { filename: 'logo.png', content: logo, contentType: 'image/png' }],
    });
    const out = await feed(raw);
    expect(out.state).toBe('accepted');
    expect(out.saved).toEqual([expect.objectContaining({ type: 'image', fileName: 'bao-cao-quet.jpg' })]);
    expect(out.problems).toEqual([]);
  });

  it('reads a table in a quoted-printable plain-text body as a report', async () => {
    const out = await feed(fixture('qp-vietnamese-body.eml'));
    expect(out.state).toBe('accepted');
    expect(out.saved).toEqual([expect.objectContaining({ from: 'body', type: 'text', fileName: 'noi-dung-thu.txt' })]);
    const text = Buffer.from((await blobs.get(out.saved[0].key))!.bytes).toString('utf8');
    expect(text).toContain('Số hóa dữ liệu hộ tịch\t30/6/2024');
  });

  it('stores an HTML-body table with its scripts stripped, and says so', async () => {
    const out = await feed(fixture('html-table-script.eml'));
    expect(out.agencyId).toBe('bo-y-te');
    expect(out.saved).toEqual([expect.objectContaining({ from: 'body', type: 'html' })]);
    const html = Buffer.from((await blobs.get(out.saved[0].key))!.bytes).toString('utf8');
    expect(html).toContain('<table');
    expect(html).not.toMatch(/<script|onload=|onclick=|onerror=|javascript:/i);
    expect(out.problems.map((p) => p.code)).toEqual(['html_script']);
  });

  it('does not take a quoted receipt for a report, but does take an inline-forwarded table', async () => {
    const { buildReceipt } = await import('#shared/receipts/build');
    const receipt = buildReceipt({
      report: { id: 'r1', bucket: 'b', key: 'k', fileName: 'a.xlsx', size: 1, sha256: 's', receivedAt: '2024-06-16T02:00:00Z', state: 'processed' },
      rows: [0, 1].map((i) => ({ reportId: 'r1', rowId: `0.${i}`, table: 0, cells: { source: { row: i + 1 } }, match: { taskId: null, score: 0, decision: 'new' as const, candidates: [] } })),
    });
    const reply = await compose({
      from: 'vanphong@moj.gov.vn', to: 'bao-cao@de-an-06.local', subject: 'Re: xác nhận',
      html: `<p>Gửi lại bản đã sửa.</p><div class="gmail_quote">Vào ngày … đã viết:<blockquote>${receipt.html}</blockquote></div>`,
      attachments: [{ filename: 'Báo cáo sửa.pdf', content: PDF }],
    });
    const out = await feed(reply);
    expect(out.saved.map((s) => s.from)).toEqual(['attachment']);

    const table = '<table><tr><th>STT</th><th>Nội dung nhiệm vụ</th><th>Kết quả</th></tr><tr><td>1</td><td>Số hóa hộ tịch</td><td>Hoàn thành</td></tr></table>';
    const fwd = await compose({
      from: 'vanphong@moj.gov.vn', to: 'bao-cao@de-an-06.local', subject: 'Fwd: báo cáo',
      html: `<p>Chuyển tiếp.</p><div class="gmail_quote">---------- Forwarded message ---------<br>${table}</div>`,
    });
    const out2 = await feed(fwd);
    expect(out2.saved.map((s) => [s.from, s.type])).toEqual([['body', 'html']]);
  });

  it('takes the report out of a forwarded message/rfc822', async () => {
    const out = await feed(fixture('forwarded-rfc822.eml'));
    expect(out.agencyId).toBe('bo-thong-tin-va-truyen-thong');
    expect(out.saved.map((s) => s.fileName)).toEqual(['Báo cáo CDS.pdf']);
  });
});

describe('what is not processed', () => {
  it('quarantines a virus or spam FAIL, saves nothing, records it', async () => {
    for (const v of [{ virus: 'FAIL' }, { spam: 'FAIL' }]) {
      const out = await feed(fixture('rfc2231-pdf.eml'), { receipt: receipt(v) });
      expect(out.state).toBe('quarantined');
      expect(out.saved).toEqual([]);
      const rec = await store.getReport(out.records[0]);
      expect(rec).toMatchObject({ state: 'quarantined', origin: { kind: 'email', sender: 'dean06@moha.gov.vn' } });
      expect(rec?.key.startsWith('inbound/')).toBe(true);
    }
  });

  it('holds a DKIM/DMARC FAIL for the secretariat', async () => {
    const before = mailTo('to-cong-tac@').length;
    const out = await feed(fixture('rfc2231-pdf.eml'), { receipt: receipt({ dkim: 'FAIL', dmarc: 'FAIL' }) });
    expect(out).toMatchObject({ state: 'held', reason: 'auth_failed', saved: [] });
    expect((await store.getReport(out.records[0]))?.state).toBe('held');
    const notes = mailTo('to-cong-tac@');
    expect(notes.length).toBe(before + 1);
    expect(notes.at(-1)!.body.text).toContain('SPF/DKIM/DMARC');
  });

  it('holds a message from an unknown sender and tells the secretariat, not the sender', async () => {
    const raw = await compose({ from: 'someone@example.org', to: 'bao-cao@de-an-06.local', subject: 'Báo cáo', text: 'x', attachments: [{ filename: 'a.pdf', content: PDF }] });
    const out = await feed(raw);
    expect(out).toMatchObject({ state: 'held', reason: 'unknown_sender' });
    expect(mailTo('someone@example.org')).toEqual([]);
    expect(mailTo('to-cong-tac@').at(-1)!.body.text).toContain('someone@example.org');
  });

  it('refuses a MIME bomb before parsing and keeps the raw message', async () => {
    const one = '--w\r\nContent-Type: text/plain\r\n\r\nx\r\n';
    const raw = new Uint8Array(Buffer.from(`From: vanphong@moj.gov.vn\r\nSubject: bomb\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="w"\r\n\r\n${one.repeat(4000)}--w--\r\n`));
    const out = await feed(raw);
    expect(out).toMatchObject({ state: 'rejected', reason: 'mime_too_many_parts', saved: [] });
    const rec = await store.getReport(out.records[0]);
    expect(rec?.state).toBe('failed');
    expect(await blobs.head(rec!.key)).toBeDefined();
    expect(mailTo('vanphong@moj.gov.vn').at(-1)!.body.text).toContain('quá nhiều thành phần');
  });

  it('refuses a message over the size limit', async () => {
    const out = await feed(fixture('rfc2231-pdf.eml'), { limits: { maxMessageBytes: 500 } });
    expect(out).toMatchObject({ state: 'rejected', reason: 'too_large' });
  });

  it('sees through lying extensions: a PDF named .docx is kept as PDF, an executable named .xlsx is held', async () => {
    const raw = await compose({
      from: 'vanphong@moj.gov.vn', to: 'bao-cao@de-an-06.local', subject: 'Báo cáo', text: 'x',
      attachments: [
        { filename: 'Báo cáo.docx', content: PDF },
        { filename: 'Phụ lục.xlsx', content: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]) },
      ],
    });
    const out = await feed(raw);
    expect(out.saved.map((s) => [s.fileName, s.type])).toEqual([['Báo cáo.pdf', 'pdf']]);
    expect(out.problems.map((p) => [p.name, p.code])).toEqual([['Báo cáo.docx', 'type_mismatch'], ['Phụ lục.xlsx', 'type_mismatch']]);
    const held = await store.getReport(out.records[0]);
    expect(held).toMatchObject({ state: 'held', error: { code: 'type_mismatch' } });
    expect(held!.key.startsWith('quarantine/bo-tu-phap/')).toBe(true);
  });

  it('expands a ZIP, refuses entries that climb out, never writes outside uploads/<agency>/', async () => {
    const zip = zipSync({
      'bao-cao/Phụ lục 01.pdf': new Uint8Array(PDF),
      '../../../uploads/bo-cong-an/evil.pdf': new Uint8Array(PDF),
      'ghi-chu.exe': strToU8('MZ....'),
    });
    const raw = await compose({ from: 'vanphong@moj.gov.vn', to: 'bao-cao@de-an-06.local', subject: 'ZIP', text: 'x', attachments: [{ filename: 'Báo cáo.zip', content: Buffer.from(zip) }] });
    const out = await feed(raw);
    expect(out.saved.map((s) => s.fileName)).toEqual(['Phụ lục 01.pdf']);
    expect(out.saved[0].from).toBe('archive');
    expect(out.saved.every((s) => s.key.startsWith('uploads/bo-tu-phap/'))).toBe(true);
    expect(await blobs.list('uploads/bo-cong-an/')).toEqual([]);
    expect(out.problems.map((p) => p.code).sort()).toEqual(['unsafe_name', 'unsupported_type']);
    const told = mailTo('vanphong@moj.gov.vn').at(-1)!;
    expect(told.body.text).toContain('Phụ lục 01.pdf');
    expect(told.body.text).toContain('đường dẫn');
  });

  it('holds a password-protected archive with its reason', async () => {
    const zip = zipSync({ 'a.pdf': new Uint8Array(PDF) });
    const cd = Buffer.from(zip).lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip[cd + 8] |= 1;
    const raw = await compose({ from: 'vanphong@moj.gov.vn', to: 'bao-cao@de-an-06.local', subject: 'ZIP mật khẩu', text: 'x', attachments: [{ filename: 'bc.zip', content: Buffer.from(zip) }] });
    const out = await feed(raw);
    expect(out).toMatchObject({ state: 'rejected', saved: [], problems: [{ code: 'encrypted' }] });
    expect(mailTo('vanphong@moj.gov.vn').at(-1)!.body.text).toContain('mật khẩu');
  });

  it('tells the sender when a message holds no report', async () => {
    const raw = await compose({ from: 'vanphong@moj.gov.vn', to: 'bao-cao@de-an-06.local', subject: 'Hỏi', text: 'Xin hỏi hạn nộp báo cáo?' });
    const out = await feed(raw);
    expect(out).toMatchObject({ state: 'rejected', reason: 'no_report' });
    expect(mailTo('vanphong@moj.gov.vn').at(-1)!.subject).toBe('Re: Hỏi');
  });
});
