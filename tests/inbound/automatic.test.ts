/**
 * Recognising mail written by machines (RFC 3834 / 6522 / 5965 / 8098), from samples with the headers real
 * servers use: each is classed, what it reports on is read from its machine-readable parts, and mail written by
 * people — a plain reply to one of our receipts included — is not taken for automatic.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awayUntilOf, classifyMessage, headerFields, ownDomains, topHeaders } from '#shared/inbound/automatic';
import { scanMime } from '#shared/inbound/mime-scan';
import { parseMessage } from '#shared/inbound/parse';

const OURS = ['de-an-06.local'];
const sample = (name: string) => new Uint8Array(readFileSync(join(__dirname, '../fixtures/eml/automatic', name)));

async function classify(raw: Uint8Array, extra: { envelopeFrom?: string } = {}) {
  const shape = scanMime(raw, { maxDepth: 10, maxParts: 100 });
  const m = await parseMessage(raw, { maxDepth: 3 });
  return classifyMessage({ headers: topHeaders(raw), reportParts: shape.reportParts, from: m.from, subject: m.subject, text: m.text, ourDomains: OURS, ...extra });
}

const plain = (headers: string, body = 'Kính gửi Tổ thư ký, đơn vị gửi lại báo cáo.') =>
  new Uint8Array(Buffer.from(`${headers.trim()}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`));

describe('automatic mail is recognised and classed', () => {
  it.each([
    ['bounce-mailer-daemon.eml', 'bounce'],
    ['complaint-arf.eml', 'complaint'],
    ['read-receipt.eml', 'read_receipt'],
    ['out-of-office.eml', 'auto_reply'],
    ['out-of-office-exchange.eml', 'auto_reply'],
    ['newsletter-bulk.eml', 'bulk'],
    ['noreply-marketing.eml', 'bulk'],
  ])('%s → %s', async (file, kind) => {
    const c = await classify(sample(file));
    expect(c?.kind).toBe(kind);
    expect(c?.signals.length).toBeGreaterThan(0);
  });

  it('reads the failed recipient and its permanent status from the delivery-status part, and sees it is about our reminder', async () => {
    const c = await classify(sample('bounce-mailer-daemon.eml'));
    expect(c?.recipients).toEqual([{ address: 'canbo.cu@moj.gov.vn', action: 'failed', status: '5.1.1', permanent: true }]);
    expect(c?.aboutOurs).toBe(true);
  });

  it('takes a delayed delivery (4.x.x) as temporary', async () => {
    const raw = new TextDecoder('latin1').decode(sample('bounce-mailer-daemon.eml')).replace('Action: failed\nStatus: 5.1.1', 'Action: delayed\nStatus: 4.4.7');
    const c = await classify(new Uint8Array(Buffer.from(raw, 'latin1')));
    expect(c?.recipients[0]).toMatchObject({ action: 'delayed', status: '4.4.7', permanent: false });
  });

  it('reads the complaining recipient from the feedback report (Original-Rcpt-To)', async () => {
    const c = await classify(sample('complaint-arf.eml'));
    expect(c?.recipients.map((r) => r.address)).toEqual(['vanphong@moh.gov.vn']);
    expect(c?.aboutOurs).toBe(true);
  });

  it('does not mark anyone for a bounce about mail that is not ours (forged backscatter)', async () => {
    const raw = new TextDecoder('latin1').decode(sample('bounce-mailer-daemon.eml'))
      .replace('Message-ID: <a1b2c3d4-reminder@de-an-06.local>', 'Message-ID: <x@spammer.example>').replace('X-Intake-Report: reminder\n', '');
    const c = await classify(new Uint8Array(Buffer.from(raw, 'latin1')));
    expect(c?.kind).toBe('bounce');
    expect(c?.aboutOurs).toBe(false);
  });

  it('states when the writer of an out-of-office reply is back', async () => {
    expect((await classify(sample('out-of-office.eml')))?.awayUntil).toBe('2024-06-24');
    expect((await classify(sample('out-of-office-exchange.eml')))?.awayUntil).toBe('2024-06-28');
    expect(awayUntilOf('Tôi vắng mặt đến hết ngày 5/7/2024.')).toBe('2024-07-05');
    expect(awayUntilOf('I am away until July 8, 2024')).toBe('2024-07-08');
    expect(awayUntilOf('Tôi đang đi công tác.')).toBeUndefined();
  });

  it.each([
    ['Auto-Submitted: auto-generated', 'automatic'],
    ['Precedence: junk', 'bulk'],
    ['Precedence: auto_reply', 'auto_reply'],
    ['X-Autoreply: yes', 'auto_reply'],
    ['X-Autorespond: Thank you', 'auto_reply'],
    ['List-Unsubscribe: <mailto:u@lists.example>', 'bulk'],
    ['Return-Path: <>', 'automatic'],
  ])('a single header "%s" → %s', async (header, kind) => {
    const raw = plain(`From: canbo@moj.gov.vn\r\nTo: bao-cao@de-an-06.local\r\nSubject: Re: Nhắc báo cáo\r\n${header}`);
    expect((await classify(raw))?.kind).toBe(kind);
  });

  it('an empty envelope sender as SES reports it (mail.source) is automatic', async () => {
    const raw = plain('From: canbo@moj.gov.vn\r\nTo: bao-cao@de-an-06.local\r\nSubject: x');
    expect((await classify(raw, { envelopeFrom: '' }))?.kind).toBe('automatic');
  });

  it('mail written by a person is not automatic: a plain reply to our receipt, Auto-Submitted: no', async () => {
    const reply = plain('From: Văn phòng <vanphong@moj.gov.vn>\r\nTo: bao-cao@de-an-06.local\r\nSubject: Re: Biên nhận\r\nIn-Reply-To: <receipt-1@de-an-06.local>\r\nAuto-Submitted: no');
    expect(await classify(reply)).toBeUndefined();
  });

  it('header parsing unfolds continuation lines and keeps repeated fields', () => {
    const f = headerFields('Received: a\r\n b\r\nReceived: c\r\nX-Y:  z ');
    expect(f.get('received')).toEqual(['a b', 'c']);
    expect(f.get('x-y')).toEqual(['z']);
    expect(ownDomains('Ban Chỉ đạo <bao-cao@De-An-06.local>', 'x@de-an-06.local', undefined)).toEqual(['de-an-06.local']);
  });
});
