/**
 * No mail to machines, on the real emulators: automatic messages received as coming from a known agency are
 * stored and classed and get no reply; a bounce or complaint about our mail marks the address, which our next
 * mails skip; a report mailed by a person is still answered; and a responder that answers every mail we send
 * gets no more replies in a day than the cap (the loop breaker), the secretariat told once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { beforeAll, describe, expect, it } from 'vitest';
import { receiveMessage, type InboundDeps } from '#shared/inbound/receive';
import { ownDomains } from '#shared/inbound/automatic';
import { INBOUND_REASONS } from '#shared/inbound/limits';
import { SesReceipt } from '#shared/inbound/verdicts';
import { recipientsFor } from '#shared/receipts/send';
import { guardMailer } from '#shared/recipients/guard';
import { sesMailer } from '#shared/mail/ses';
import { useLocalStack } from '#testkit/local-stack';

const t = useLocalStack({ deliverEvents: false });
const sample = (name: string) => new Uint8Array(readFileSync(join(__dirname, '../fixtures/eml/automatic', name)));
const compose = (o: ConstructorParameters<typeof MailComposer>[0]) =>
  new Promise<Uint8Array>((res, rej) => new MailComposer(o).compile().build((e, m) => (e ? rej(e) : res(new Uint8Array(m)))));
const PASS = SesReceipt.parse({
  timestamp: '2024-06-17T01:00:00.000Z', spamVerdict: { status: 'PASS' }, virusVerdict: { status: 'PASS' },
  spfVerdict: { status: 'PASS' }, dkimVerdict: { status: 'PASS' }, dmarcVerdict: { status: 'PASS' },
});

let deps: InboundDeps;
let n = 0;
async function feed(raw: Uint8Array, opts: { agencyId?: string; receivedAt?: string; receipt?: SesReceipt } = {}) {
  n += 1;
  const rawKey = `inbound/auto-${n}`;
  await t.blobs.put(rawKey, raw);
  return receiveMessage({ raw, rawKey, receipt: opts.receipt ?? PASS, receivedAt: opts.receivedAt ?? '2024-06-17T02:00:00.000Z', agencyId: opts.agencyId }, deps);
}
const mailTo = (addr: string) => t.stack.sentMail().filter((m) => [...m.destination.to, ...m.destination.cc].some((x) => x.includes(addr)));

beforeAll(async () => {
  deps = {
    store: t.store, blobs: t.blobs, mailer: t.mailer, secretariat: t.config.secretariatAddress,
    ourDomains: ownDomains(t.config.senderAddress, t.config.inboundAddress),
  };
  await t.store.setContact({ agencyId: 'bo-tu-phap', emails: ['vanphong@moj.gov.vn', 'canbo.cu@moj.gov.vn'], domains: ['moj.gov.vn'] });
  await t.store.setContact({ agencyId: 'bo-y-te', emails: ['vanphong@moh.gov.vn'], domains: ['moh.gov.vn'] });
  await t.store.setContact({ agencyId: 'bo-thong-tin-va-truyen-thong', emails: ['vanphong@mic.gov.vn'], domains: ['mic.gov.vn'] });
});

describe('automatic messages are stored, classed and never answered', () => {
  it.each([
    ['bounce-mailer-daemon.eml', 'bo-tu-phap', 'bounce'],
    ['complaint-arf.eml', 'bo-y-te', 'complaint'],
    ['read-receipt.eml', 'bo-tu-phap', 'read_receipt'],
    ['out-of-office.eml', 'bo-tu-phap', 'auto_reply'],
    ['out-of-office-exchange.eml', 'bo-thong-tin-va-truyen-thong', 'auto_reply'],
    ['newsletter-bulk.eml', 'bo-thong-tin-va-truyen-thong', 'bulk'],
    ['noreply-marketing.eml', 'bo-y-te', 'bulk'],
  ])('%s (as from %s) → %s, kept, no reply to its sender', async (file, agencyId, kind) => {
    const raw = sample(file);
    const before = t.stack.sentMail().length;
    const out = await feed(raw, { agencyId });
    expect(out).toMatchObject({ state: 'automatic', automatic: kind, reason: 'automatic' });
    const sent = t.stack.sentMail().slice(before);
    expect(sent.filter((m) => m.destination.to.includes(out.sender!))).toEqual([]);
    expect(sent.every((m) => m.destination.to.includes(t.config.secretariatAddress!))).toBe(true);
    const record = await t.store.getReport(out.records[0]);
    expect(record).toMatchObject({ state: 'automatic', key: `inbound/auto-${n}`, origin: { kind: 'email', automatic: kind } });
    expect(record?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from((await t.blobs.get(`inbound/auto-${n}`))!.bytes).equals(Buffer.from(raw))).toBe(true);
  });

  it('a bounce about our mail marks the address bouncing: told to the secretariat once, skipped by our next mails', async () => {
    const r = await t.store.getRecipient('canbo.cu@moj.gov.vn');
    expect(r).toMatchObject({ state: 'bouncing', doNotSend: true, last: { kind: 'bounce', source: 'inbound', status: '5.1.1' } });
    const alerts = () => mailTo(t.config.secretariatAddress!).filter((m) => m.subject.includes('canbo.cu@moj.gov.vn'));
    expect(alerts()).toHaveLength(1);
    await feed(sample('bounce-mailer-daemon.eml'), { agencyId: 'bo-tu-phap' }); // the same failure again
    expect(alerts()).toHaveLength(1);

    const mailer = guardMailer(sesMailer(t.config), t.store);
    const before = mailTo('canbo.cu@moj.gov.vn').length;
    const res = await mailer.send({ to: ['canbo.cu@moj.gov.vn', 'vanphong@moj.gov.vn'], subject: 'Nhắc báo cáo', text: 'x' });
    expect(res.suppressed).toEqual(['canbo.cu@moj.gov.vn']);
    expect(mailTo('canbo.cu@moj.gov.vn').length).toBe(before);
    expect(mailTo('vanphong@moj.gov.vn').at(-1)?.subject).toBe('Nhắc báo cáo');
    const none = await mailer.send({ to: 'canbo.cu@moj.gov.vn', subject: 'x', text: 'x' });
    expect(none).toMatchObject({ skipped: true, suppressed: ['canbo.cu@moj.gov.vn'] });
  });

  it('a complaint marks the complaining recipient; an out-of-office marks its writer away until the stated date', async () => {
    expect(await t.store.getRecipient('vanphong@moh.gov.vn')).toMatchObject({ state: 'complained', doNotSend: true });
    expect(await t.store.getRecipient('vanphong@moj.gov.vn')).toMatchObject({ state: 'away', awayUntil: '2024-06-24', doNotSend: false });
  });

  it('a spoofed bounce (SES authentication failed) is kept but marks no one', async () => {
    const raw = new TextDecoder('latin1').decode(sample('bounce-mailer-daemon.eml')).replaceAll('canbo.cu@moj.gov.vn', 'giamdoc@moj.gov.vn');
    const out = await feed(new Uint8Array(Buffer.from(raw, 'latin1')), { receipt: { ...PASS, spfVerdict: { status: 'FAIL' }, dkimVerdict: { status: 'FAIL' }, dmarcVerdict: { status: 'FAIL' } } });
    expect(out.state).toBe('automatic');
    expect(await t.store.getRecipient('giamdoc@moj.gov.vn')).toBeUndefined();
  });

  it('report files carried by an automatic message are still ingested, and their receipt goes to the registered contacts', async () => {
    const raw = await compose({
      from: 'he-thong@moh.gov.vn', to: 'bao-cao@de-an-06.local', subject: 'Báo cáo tự động hằng tuần',
      headers: { 'Auto-Submitted': 'auto-generated' }, text: 'Tệp đính kèm do hệ thống tạo.',
      attachments: [{ filename: 'bao-cao.pdf', content: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n') }],
    });
    const out = await feed(raw);
    expect(out).toMatchObject({ state: 'automatic', automatic: 'automatic', agencyId: 'bo-y-te' });
    expect(out.saved).toHaveLength(1);
    const head = await t.blobs.head(out.saved[0].key);
    expect(head?.metadata).toMatchObject({ origin: 'email', sender: 'he-thong@moh.gov.vn', automatic: 'automatic' });
    const to = await recipientsFor({
      id: 'x', bucket: 'b', key: out.saved[0].key, fileName: 'bao-cao.pdf', size: 1, sha256: 's', receivedAt: '2024-06-17T02:00:00Z', state: 'processed',
      agencyId: 'bo-y-te', origin: { kind: 'email', sender: 'he-thong@moh.gov.vn', automatic: 'automatic' },
    }, t.store);
    expect(to).toEqual(['vanphong@moh.gov.vn']);
  });

  it('a report mailed by a person from the same address is still accepted and answered', async () => {
    const raw = await compose({
      from: 'vanphong@moj.gov.vn', to: 'bao-cao@de-an-06.local', subject: 'Gửi báo cáo', text: 'Kính gửi Tổ thư ký,',
    });
    const before = mailTo('vanphong@moj.gov.vn').length;
    const out = await feed(raw);
    expect(out).toMatchObject({ state: 'rejected', reason: 'no_report' });
    expect(out.automatic).toBeUndefined();
    expect(mailTo('vanphong@moj.gov.vn').length).toBe(before + 1);
  });
});

describe('the loop breaker', () => {
  it('a responder that answers every mail we send gets at most the cap of replies in a day; the secretariat is told once', async () => {
    const responder = 'tudong@mic.gov.vn';
    const limits = { maxRepliesPerDay: 5 };
    const toldOfLimit = () => mailTo(t.config.secretariatAddress!).filter((m) => m.body.text?.includes(responder) && m.body.text.includes(INBOUND_REASONS.reply_limit)).length;
    const secretariatBefore = toldOfLimit();
    let raw = await compose({ from: responder, to: 'bao-cao@de-an-06.local', subject: 'Hỏi về báo cáo', text: 'Xin hỏi' });
    const states: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      n += 1;
      const rawKey = `inbound/loop-${i}`;
      await t.blobs.put(rawKey, raw);
      const out = await receiveMessage({ raw, rawKey, receipt: PASS, receivedAt: `2024-06-18T01:${String(i).padStart(2, "0")}:00.000Z` }, { ...deps, limits });
      states.push(out.state);
      // the responder ignores our Auto-Submitted header and answers our last mail to it (or writes again)
      const last = mailTo(responder).at(-1);
      raw = await compose({ from: responder, to: 'bao-cao@de-an-06.local', subject: `Re: ${last?.subject ?? 'Hỏi về báo cáo'}`, text: `Trả lời lần ${i}` });
    }
    expect(mailTo(responder)).toHaveLength(5);
    expect(states.slice(0, 5).every((s) => s === 'rejected')).toBe(true);
    expect(states.slice(5).every((s) => s === 'held')).toBe(true);
    const told = toldOfLimit() - secretariatBefore;
    expect(told).toBe(1);
    const held = (await t.store.listReports()).filter((r) => r.key.startsWith('inbound/loop-') && r.state === 'held');
    expect(held).toHaveLength(25);
    expect(held.every((r) => r.error?.code === 'reply_limit')).toBe(true);
  });
});
