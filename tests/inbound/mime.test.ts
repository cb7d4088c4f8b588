import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { expandZip, listZipEntries } from '#shared/inbound/archive';
import { htmlHasTable, sanitiseHtml, textHasTable } from '#shared/inbound/body';
import { inboundLimits, InboundError } from '#shared/inbound/limits';
import { scanMime } from '#shared/inbound/mime-scan';
import { isUnsafeEntryName, safeFileName, uploadKey } from '#shared/inbound/names';
import { parseMessage } from '#shared/inbound/parse';
import { agencyForSender } from '#shared/inbound/sender';
import { sniff } from '#shared/inbound/sniff';
import { judgeVerdicts, SesEvent } from '#shared/inbound/verdicts';

const fixture = (name: string) => new Uint8Array(readFileSync(join(__dirname, '../fixtures/eml', name)));
const compose = (o: ConstructorParameters<typeof MailComposer>[0]) =>
  new Promise<Uint8Array>((res, rej) => new MailComposer(o).compile().build((e, m) => (e ? rej(e) : res(new Uint8Array(m)))));
const limits = inboundLimits({}, {});

function nestedBomb(depth: number): string {
  let body = 'Content-Type: text/plain\r\n\r\nhi\r\n';
  for (let i = 0; i < depth; i++) {
    body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}--b${i}--\r\n`;
  }
  return `From: a@b.vn\r\nSubject: x\r\nMIME-Version: 1.0\r\n${body}`;
}

function wideBomb(parts: number): string {
  const one = '--w\r\nContent-Type: text/plain\r\n\r\nx\r\n';
  return `From: a@b.vn\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="w"\r\n\r\n${one.repeat(parts)}--w--\r\n`;
}

describe('MIME pre-scan', () => {
  it('measures an ordinary message and lets it through', async () => {
    const shape = scanMime(fixture('forwarded-rfc822.eml'), limits);
    // root, text, rfc822, inner root's two parts (inner multipart counted at the rfc822 level)
    expect(shape.depth).toBeGreaterThanOrEqual(2);
    expect(shape.parts).toBeGreaterThanOrEqual(4);
  });

  it('rejects deep nesting before parsing', () => {
    const raw = new Uint8Array(Buffer.from(nestedBomb(50)));
    expect(() => scanMime(raw, limits)).toThrowError(InboundError);
    try { scanMime(raw, limits); } catch (e) { expect((e as InboundError).code).toBe('mime_too_deep'); }
    expect(() => scanMime(new Uint8Array(Buffer.from(nestedBomb(5))), limits)).not.toThrow();
  });

  it('rejects thousands of parts (its speed: npm run bench:limits)', () => {
    const raw = new Uint8Array(Buffer.from(wideBomb(5000)));
    let code: string | undefined;
    try { scanMime(raw, limits); } catch (e) { code = (e as InboundError).code; }
    expect(code).toBe('mime_too_many_parts');
    expect(() => scanMime(new Uint8Array(Buffer.from(wideBomb(20))), limits)).not.toThrow();
  });
});

describe('parsing', () => {
  it('keeps Vietnamese names from RFC 2231 continuations and encoded words', async () => {
    const m = await parseMessage(fixture('rfc2231-pdf.eml'), { maxDepth: 3 });
    expect(m.files.map((f) => f.name)).toEqual(['Báo cáo Đề án 06 - Bộ Nội vụ.pdf', 'Phụ lục 01 - Thống kê nhiệm vụ.pdf']);
    expect(m.subject).toBe('Báo cáo 6 tháng');
    expect(m.messageId).toBe('<rfc2231-002@moha.gov.vn>');
    expect(m.files.every((f) => sniff(f.bytes) === 'pdf')).toBe(true);
  });

  it('decodes a quoted-printable Vietnamese body', async () => {
    const m = await parseMessage(fixture('qp-vietnamese-body.eml'), { maxDepth: 3 });
    expect(m.text).toContain('Số hóa dữ liệu hộ tịch');
    expect(m.fromName).toBe('Văn phòng Bộ Tư pháp');
    expect(textHasTable(m.text ?? '')).toBe(true);
  });

  it('reads through a forwarded message/rfc822 to its attachment', async () => {
    const m = await parseMessage(fixture('forwarded-rfc822.eml'), { maxDepth: 3 });
    expect(m.from).toBe('chanhvanphong@mic.gov.vn');
    expect(m.files.map((f) => f.name)).toContain('Báo cáo CDS.pdf');
  });

  it('reads through a base64-encoded forwarded message built by MailComposer', async () => {
    const inner = await compose({
      from: 'a@moj.gov.vn', to: 'b@moj.gov.vn', subject: 'Báo cáo',
      text: 'kèm theo', attachments: [{ filename: 'Báo cáo tháng 6.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') }],
    });
    const outer = await compose({
      from: 'b@moj.gov.vn', to: 'in@x.vn', subject: 'Fwd: Báo cáo', text: 'fw',
      attachments: [{ filename: 'fw.eml', content: Buffer.from(inner), contentType: 'message/rfc822', encoding: 'base64' }],
    });
    const m = await parseMessage(outer, { maxDepth: 3 });
    expect(m.files.map((f) => f.name)).toContain('Báo cáo tháng 6.pdf');
  });
});

describe('HTML bodies', () => {
  it('strips scripts, handlers and javascript: links and keeps the table', async () => {
    const m = await parseMessage(fixture('html-table-script.eml'), { maxDepth: 3 });
    const s = sanitiseHtml(m.html ?? '');
    expect(s.hadActiveContent).toBe(true);
    expect(s.html).not.toMatch(/<script|onload|onclick|onerror|javascript:/i);
    expect(htmlHasTable(s.html)).toBe(true);
    expect(s.html).toContain('Sử dụng thẻ CCCD thay thẻ BHYT khi khám chữa bệnh');
  });
  it('catches a script split to survive one pass', () => {
    const s = sanitiseHtml('<p>a</p><scr<script>x</script>ipt>alert(1)</script>');
    expect(s.html).not.toMatch(/<script/i);
  });
});

describe('archives', () => {
  it('expands report files and refuses entries that climb out of their folder', () => {
    const z = zipSync({
      'Báo cáo/Phụ lục 01.xlsx': strToU8('not really xlsx'),
      '../../etc/passwd.pdf': strToU8('%PDF-1.4'),
      '/abs.docx': strToU8('x'),
      'a\\..\\..\\win.pdf': strToU8('x'),
    });
    const { files, skipped } = expandZip(z, limits);
    expect(files.map((f) => f.path)).toEqual(['Báo cáo/Phụ lục 01.xlsx']);
    expect(skipped.map((s) => s.reason)).toEqual(['unsafe_name', 'unsafe_name', 'unsafe_name']);
  });
  it('refuses a zip bomb by entries, size and ratio before inflating', () => {
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 500; i++) many[`f${i}.pdf`] = strToU8('x');
    expect(() => expandZip(zipSync(many), limits)).toThrowError(/entries/);
    const dense = zipSync({ 'a.pdf': new Uint8Array(50 * 1024 * 1024) }, { level: 9 });
    expect(() => expandZip(dense, limits)).toThrowError(/ratio/);
    expect(() => expandZip(dense, { ...limits, maxZipRatio: 1e9, maxZipUncompressedBytes: 1024 })).toThrowError(/expands/);
  });
  it('marks a password-protected archive as encrypted', () => {
    const z = zipSync({ 'a.pdf': strToU8('%PDF-1.4') });
    // set the "encrypted" general-purpose flag in the central directory entry
    const entries = listZipEntries(z);
    expect(entries[0].encrypted).toBe(false);
    const cd = Buffer.from(z).lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    z[cd + 8] |= 1;
    let code: string | undefined;
    try { expandZip(z, limits); } catch (e) { code = (e as InboundError).code; }
    expect(code).toBe('encrypted');
  });
});

describe('names and keys', () => {
  it('keeps Vietnamese names and never leaves the prefix', () => {
    expect(safeFileName('Báo cáo Đề án 06.xlsx')).toBe('Báo cáo Đề án 06.xlsx');
    expect(safeFileName('../../x/../evil.pdf')).toBe('evil.pdf');
    expect(safeFileName('..')).toBe('tep-dinh-kem');
    expect(safeFileName('C:\\Users\\a\\b.docx')).toBe('b.docx');
    const key = uploadKey('bo-tu-phap', '2024-06-17T01:00:00Z', 'abc', 1, '../../../uploads/bo-cong-an/x.pdf');
    expect(key).toBe('uploads/bo-tu-phap/email/2024-06-17/abc/01/x.pdf');
    expect(key.startsWith('uploads/bo-tu-phap/email/2024-06-17/abc/')).toBe(true);
    expect(key.split('/')).not.toContain('..');
    expect(() => uploadKey('../x', '2024-06-17', 'a', 1, 'x.pdf')).toThrow();
    expect(isUnsafeEntryName('a/../../b')).toBe(true);
    expect(isUnsafeEntryName('a/b.pdf')).toBe(false);
  });
});

describe('senders', () => {
  const contacts = [
    { agencyId: 'bo-tu-phap', emails: ['vanphong@moj.gov.vn'], domains: ['moj.gov.vn'] },
    { agencyId: 'tinh-thua-thien-hue', emails: [], domains: ['thuathienhue.gov.vn'] },
    { agencyId: 'so-tttt-hue', emails: [], domains: ['stttt.thuathienhue.gov.vn'] },
    { agencyId: 'bo-a', emails: ['shared@gmail.com'], domains: [] },
    { agencyId: 'bo-b', emails: ['shared@gmail.com'], domains: [] },
  ];
  it('maps by address, then the longest domain', () => {
    expect(agencyForSender('VanPhong@MOJ.gov.vn', contacts)).toEqual({ agencyId: 'bo-tu-phap', how: 'address' });
    expect(agencyForSender('x@moj.gov.vn', contacts).how).toBe('domain');
    expect(agencyForSender('x@stttt.thuathienhue.gov.vn', contacts).agencyId).toBe('so-tttt-hue');
    expect(agencyForSender('x@sxd.thuathienhue.gov.vn', contacts).agencyId).toBe('tinh-thua-thien-hue');
    expect(agencyForSender('x@evilmoj.gov.vn', contacts).how).toBe('unknown');
    expect(agencyForSender('shared@gmail.com', contacts).how).toBe('ambiguous');
  });
});

describe('SES verdicts', () => {
  const event = (v: Partial<Record<'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc', string>>) => SesEvent.parse({
    Records: [{
      eventSource: 'aws:ses', eventVersion: '1.0',
      ses: {
        mail: { timestamp: '2024-06-17T01:00:00.000Z', source: 'a@moj.gov.vn', messageId: 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1', destination: ['in@x.vn'] },
        receipt: {
          timestamp: '2024-06-17T01:00:00.000Z', recipients: ['in@x.vn'],
          spamVerdict: { status: v.spam ?? 'PASS' }, virusVerdict: { status: v.virus ?? 'PASS' }, spfVerdict: { status: v.spf ?? 'PASS' },
          dkimVerdict: { status: v.dkim ?? 'PASS' }, dmarcVerdict: { status: v.dmarc ?? 'GRAY' }, action: { type: 'Lambda', functionArn: 'arn', invocationType: 'Event' },
        },
      },
    }],
  }).Records[0].ses.receipt;
  it('quarantines spam and viruses, holds failed authentication', () => {
    expect(judgeVerdicts(event({}))).toEqual({ action: 'process' });
    expect(judgeVerdicts(event({ virus: 'FAIL' }))).toMatchObject({ action: 'quarantine', reason: 'virus' });
    expect(judgeVerdicts(event({ spam: 'FAIL' }))).toMatchObject({ action: 'quarantine', reason: 'spam' });
    expect(judgeVerdicts(event({ dkim: 'FAIL', dmarc: 'FAIL' }))).toEqual({ action: 'hold', reason: 'auth_failed', failed: ['dkim', 'dmarc'] });
    expect(judgeVerdicts(undefined)).toEqual({ action: 'process' });
  });
  it('holds a message whose virus scan could not decide, before anything else is judged', () => {
    for (const status of ['GRAY', 'PROCESSING_FAILED', 'processing_failed']) {
      expect(judgeVerdicts(event({ virus: status }))).toEqual({ action: 'hold', reason: 'virus_unscanned', failed: ['virus'] });
    }
    expect(judgeVerdicts(event({ virus: 'DISABLED' }))).toEqual({ action: 'process' });
  });
  it('rejects an event that is not an SES event', () => {
    expect(SesEvent.safeParse({ Records: [{ eventSource: 'aws:s3' }] }).success).toBe(false);
    expect(SesEvent.safeParse({ Records: [{ eventSource: 'aws:ses', ses: { mail: { timestamp: 't', source: 's', messageId: '../../x' }, receipt: { timestamp: 't' } } }] }).success).toBe(false);
  });
});

describe('what an attachment really is', () => {
  it('reads the bytes, not the name', async () => {
    const cfb = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(sniff(new Uint8Array(Buffer.concat([cfb, Buffer.alloc(100), Buffer.from('EncryptionInfo', 'utf16le')])))).toBe('ooxml_encrypted');
    expect(sniff(new Uint8Array(Buffer.concat([cfb, Buffer.alloc(100)])))).toBe('legacy_office');
    expect(sniff(new Uint8Array(Buffer.from('MZ\x90\x00')))).toBe('executable');
    expect(sniff(new Uint8Array(Buffer.from('<html><body><table></table></body></html>')))).toBe('html');
    expect(sniff(zipSync({ 'a.pdf': strToU8('%PDF') }))).toBe('zip');
    expect(sniff(zipSync({ '[Content_Types].xml': strToU8('<x/>'), 'word/document.xml': strToU8('<x/>') }))).toBe('docx');
    expect(sniff(zipSync({ '[Content_Types].xml': strToU8('<x/>'), 'xl/workbook.xml': strToU8('<x/>') }))).toBe('xlsx');
    expect(sniff(new Uint8Array(Buffer.from('%PDF-1.7\n')))).toBe('pdf');
  });
});
