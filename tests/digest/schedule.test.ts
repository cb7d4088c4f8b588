/**
 * The digest against the real emulators (dynalite + aws-ses-v2-local, in-process): preview files, the daily run
 * (send once, dedupe, moved meeting, catch-up, time zone), and what reaches SES.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { loadConfig, type Config } from '#shared/config';
import { startLocalStack, type LocalStack } from '#local/stack';
import { dynamoStore } from '#shared/store/dynamo';
import type { Mailer } from '#shared/mail/mailer';
import { sesMailer } from '#shared/mail/ses';
import type { Store } from '#shared/store/records';
import { previewDigest } from '#shared/digest';
import { Summary } from '#shared/digest/model';
import { addMeeting, listMeetings, moveMeeting, markerId, removeMeeting } from '#shared/meetings';
import { runDaily } from '#shared/meetings/daily';
import { handler } from '../../functions/digest';
import * as w from '#testkit/digest-world';

let stack: LocalStack;
let store: Store;
let mailer: Mailer;
let config: Config;

/** 07:00 in Hà Nội on that day. */
const vn = (date: string, time = '07:00') => new Date(`${date}T${time}:00+07:00`);

async function seedWorld(s: Store): Promise<void> {
  await s.putTasks(w.tasks());
  for (const r of w.reports()) await s.createReport(r);
  for (const e of w.statuses()) await s.appendStatus(e);
  for (const c of w.contacts()) await s.setContact(c);
  await s.putRows([...w.reviewRows(), ...w.unregisteredRows()]);
}

beforeAll(async () => {
  stack = await startLocalStack({ dataDir: null, deliverEvents: false });
  config = loadConfig(stack.env);
  store = dynamoStore(config);
  mailer = sesMailer(config);
  await seedWorld(store);
  // the previous meeting: the reporting period of the next one starts on its date
  await addMeeting(store, { id: 'quy-1', date: '2024-03-15', title: 'Giao ban quý I/2024', sendDaysBefore: 3, recipients: ['lanh-dao@example.gov.vn'] });
});

afterAll(async () => {
  await stack?.stop();
});

describe('digest preview from the store', () => {
  it('writes the five files, with the fixture world\'s exact numbers', async () => {
    await addMeeting(store, { id: 'so-ket-6-thang', date: '2024-06-20', title: 'Hội nghị sơ kết 6 tháng đầu năm 2024', recipients: ['to-cong-tac@example.gov.vn'] });
    const out = mkdtempSync(join(tmpdir(), 'digest-preview-'));
    const { files, summary } = await previewDigest({ store, asOf: w.AS_OF, meetingId: 'so-ket-6-thang', outDir: out });
    for (const f of Object.values(files)) expect(existsSync(f)).toBe(true);
    const json = Summary.parse(JSON.parse(readFileSync(files.summary, 'utf8')));
    expect(json).toEqual(summary);
    expect(json.totals).toEqual({ tasks: 12, completed: 2, overdue: 6, inProgress: 3, recurring: 1, noReport: 4 });
    expect(json.late.map((l) => l.lateSince)).toEqual(['2022-12', '2023-12', '2024-01', '2024-04', '2024-04', '2024-06']);
    expect(json.review).toBe(1);
    expect(json.new).toBe(1);
    // period from the previous meeting (15/03): Bộ Tư pháp's February report does not count
    const tuPhap = json.agencies.find((a) => a.id === 'bo-tu-phap')!;
    expect(tuPhap.reported).toBe(false);
    expect(json.agencies.find((a) => a.id === 'bo-y-te')?.reported).toBe(true);
    const text = readFileSync(files.text, 'utf8');
    expect(text).toContain('kỳ báo cáo từ ngày 15/03/2024 đến ngày 17/06/2024');
    expect(text).toContain('Bộ Tư pháp — liên hệ: vanphong@moj.gov.vn');

    // the .eml is a real MIME message with both parts and the workbook
    const mail = await simpleParser(readFileSync(files.eml));
    expect(mail.subject).toContain('Hội nghị sơ kết 6 tháng đầu năm 2024');
    expect(mail.html).toContain('Các nhiệm vụ chậm muộn');
    expect(mail.text).toContain('CÁC NHIỆM VỤ CHẬM MUỘN');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['tong-hop-de-an-06-2024-06-17.xlsx']);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(mail.attachments[0].content as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Phụ lục 01', 'Nhiệm vụ chậm muộn', 'Theo đơn vị', 'Tổng hợp đơn vị']);
  });
});

describe('meetings in the store', () => {
  it('makes readable ids, keeps them unique, lists by date and removes', async () => {
    const a = await addMeeting(store, { date: '2025-01-10', title: 'Giao ban Tổ công tác tháng 1/2025' });
    const b = await addMeeting(store, { date: '2025-01-10', title: 'Giao ban Tổ công tác tháng 1/2025' });
    expect(a.id).toBe('2025-01-10-giao-ban-to-cong-tac-thang-1-2025');
    expect(b.id).toBe(`${a.id}-2`);
    const dates = (await listMeetings(store)).map((x) => x.date);
    expect(dates).toEqual([...dates].sort());
    expect(await removeMeeting(store, b.id)).toBe(true);
    expect(await removeMeeting(store, b.id)).toBe(false);
    await removeMeeting(store, a.id);
  });
});

describe('the daily run', () => {
  it('sends a meeting\'s digest once, on its send date in Vietnam time, and never twice', async () => {
    await addMeeting(store, { id: 'giao-ban-thang-7', date: '2024-07-10', title: 'Giao ban tháng 7/2024', sendDaysBefore: 3, recipients: ['a@example.gov.vn', 'b@example.gov.vn'] });
    const before = stack.sentMail().length;
    // 06/07 23:59 in Hà Nội is not yet the send date (07/07), though it is 07/07 nowhere else that matters
    let r = await runDaily({ store, mailer, config, now: vn('2024-07-06', '23:59') });
    expect(r.outcomes.find((o) => o.meetingId === 'giao-ban-thang-7')?.outcome).toBe('not_due');
    // 17:30 UTC on 06/07 is 00:30 on 07/07 in Hà Nội: due
    r = await runDaily({ store, mailer, config, now: new Date('2024-07-06T17:30:00Z') });
    expect(r.date).toBe('2024-07-07');
    expect(r.outcomes.find((o) => o.meetingId === 'giao-ban-thang-7')?.outcome).toBe('sent');
    // again the same day, and twice at once the next day: nothing more
    r = await runDaily({ store, mailer, config, now: vn('2024-07-07', '09:00') });
    expect(r.outcomes.find((o) => o.meetingId === 'giao-ban-thang-7')?.outcome).toBe('already_sent');
    const both = await Promise.all([runDaily({ store, mailer, config, now: vn('2024-07-08') }), runDaily({ store, mailer, config, now: vn('2024-07-08') })]);
    expect(both.map((x) => x.outcomes.find((o) => o.meetingId === 'giao-ban-thang-7')?.outcome)).toEqual(['already_sent', 'already_sent']);

    const mails = stack.sentMail().slice(before);
    expect(mails).toHaveLength(1);
    // (aws-ses-v2-local keeps a raw message's To header as one string)
    expect(mails[0].destination.to.join(',').split(/,\s*/).sort()).toEqual(['a@example.gov.vn', 'b@example.gov.vn']);
    expect(mails[0].subject).toContain('Giao ban tháng 7/2024');
    const digests = (await store.listDigests()).filter((d) => d.meetingId === 'giao-ban-thang-7');
    expect(digests.map((d) => d.id)).toEqual(['giao-ban-thang-7#2024-07-07']);
  });

  it('lets exactly one of two simultaneous runs send', async () => {
    await addMeeting(store, { id: 'dong-thoi', date: '2024-08-05', title: 'Phiên họp thử gửi đồng thời', sendDaysBefore: 2, recipients: ['c@example.gov.vn'] });
    const before = stack.sentMail().length;
    const runs = await Promise.all([1, 2, 3].map(() => runDaily({ store, mailer, config, now: vn('2024-08-03') })));
    const outcomes = runs.map((x) => x.outcomes.find((o) => o.meetingId === 'dong-thoi')?.outcome).sort();
    expect(outcomes).toEqual(['already_sent', 'already_sent', 'sent']);
    expect(stack.sentMail().slice(before).filter((m) => m.subject.includes('đồng thời'))).toHaveLength(1);
  });

  it('sends a moved meeting again for its new date', async () => {
    await addMeeting(store, { id: 'doi-lich', date: '2024-09-10', title: 'Phiên họp dời lịch', sendDaysBefore: 3, recipients: ['d@example.gov.vn'] });
    const before = stack.sentMail().length;
    expect((await runDaily({ store, mailer, config, now: vn('2024-09-07') })).outcomes.find((o) => o.meetingId === 'doi-lich')?.outcome).toBe('sent');
    const moved = await moveMeeting(store, 'doi-lich', '2024-09-20');
    expect(markerId(moved)).toBe('doi-lich#2024-09-17');
    expect((await runDaily({ store, mailer, config, now: vn('2024-09-08') })).outcomes.find((o) => o.meetingId === 'doi-lich')?.outcome).toBe('not_due');
    expect((await runDaily({ store, mailer, config, now: vn('2024-09-17') })).outcomes.find((o) => o.meetingId === 'doi-lich')?.outcome).toBe('sent');
    expect((await runDaily({ store, mailer, config, now: vn('2024-09-18') })).outcomes.find((o) => o.meetingId === 'doi-lich')?.outcome).toBe('already_sent');
    expect(stack.sentMail().slice(before).filter((m) => m.subject.includes('dời lịch'))).toHaveLength(2);
  });

  it('catches up a missed send day on the next run, and gives up once the meeting has passed', async () => {
    await addMeeting(store, { id: 'bo-lo', date: '2024-10-15', title: 'Phiên họp lỡ ngày gửi', sendDaysBefore: 3, recipients: ['e@example.gov.vn'] });
    await addMeeting(store, { id: 'da-qua', date: '2024-10-02', title: 'Phiên họp đã qua', sendDaysBefore: 1, recipients: ['f@example.gov.vn'] });
    // nothing ran on 12/10 (the send date); the run of 14/10 sends it, as of 14/10, marked for 12/10
    const r = await runDaily({ store, mailer, config, now: vn('2024-10-14') });
    expect(r.outcomes.find((o) => o.meetingId === 'bo-lo')).toMatchObject({ outcome: 'sent', marker: 'bo-lo#2024-10-12' });
    expect(r.outcomes.find((o) => o.meetingId === 'da-qua')?.outcome).toBe('past');
    const rec = (await store.listDigests()).find((d) => d.id === 'bo-lo#2024-10-12');
    expect(rec?.asOf).toBe('2024-10-14');
  });

  it('compares with the previous digest sent', async () => {
    // giao-ban-thang-7 went out as of 07/07; the digest of 03/08 (dong-thoi) shows the change since then
    const mail = stack.sentMail().find((m) => m.subject.includes('đồng thời'))!;
    expect(mail.body.text).toContain('so với ngày 07/07/2024');
    expect(mail.body.html).toContain('so với 07/07/2024');
  });

  it('runs through the Lambda handler with the scheduler\'s input, and rejects anything else', async () => {
    await addMeeting(store, { id: 'qua-lambda', date: '2024-11-20', title: 'Phiên họp qua Lambda', sendDaysBefore: 3, recipients: ['g@example.gov.vn'] });
    const res = await handler({ source: 'scheduler', kind: 'daily-digest', now: '2024-11-17T08:00:00+07:00' });
    expect(res.outcomes.find((o) => o.meetingId === 'qua-lambda')?.outcome).toBe('sent');
    const again = await handler({ source: 'scheduler', kind: 'daily-digest', now: '2024-11-17T09:00:00+07:00' });
    expect(again.outcomes.find((o) => o.meetingId === 'qua-lambda')?.outcome).toBe('already_sent');
    await expect(handler({ kind: 'something-else' })).rejects.toThrow(/invalid digest event/);
  });
});
