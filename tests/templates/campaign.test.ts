/** Sending templates and reminders through local SES; who is reminded and when. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '#shared/domain/report';
import { parsePeriod, planReminders, sendReminders, sendTemplates } from '#shared/templates';
import { seedRegistry } from '#shared/registry';
import { startTestStack, type TestStack } from '#testkit/local-stack';

let t: TestStack;
const period = parsePeriod('6 tháng đầu năm 2024');
beforeAll(async () => {
  t = await startTestStack({ deliverEvents: false });
  await t.store.setContact({ agencyId: 'bo-tu-phap', emails: ['vanphong@moj.gov.vn'], domains: [] });
  await t.store.setContact({ agencyId: 'bo-y-te', emails: ['dean06@moh.gov.vn'], domains: [] });
});
afterAll(async () => { await t?.stop(); });

describe('sending templates', () => {
  it('mails each agency with a contact its XLSX, DOCX, deadline and upload page', async () => {
    const res = await sendTemplates(t, { tasks: seedRegistry(), period, deadline: '2024-06-17', agencyIds: ['bo-tu-phap', 'bo-y-te', 'bo-cong-an'] });
    expect(res.sent.map((s) => s.agencyId)).toEqual(['bo-tu-phap', 'bo-y-te']);
    expect(res.noContact).toEqual(['bo-cong-an']);
    const mail = t.stack.sentMail().find((m) => m.destination.to.some((x) => x.includes('vanphong@moj.gov.vn')))!;
    expect(mail.subject).toBe('[Đề án 06] Biểu mẫu báo cáo 6 tháng đầu năm 2024 — Bộ Tư pháp (hạn 17/06/2024)');
    expect(mail.body.text).toContain('trước ngày 17/06/2024');
    const names = mail.attachments.map((a) => a.filename);
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/\.xlsx$/), expect.stringMatching(/\.docx$/), 'Tai-len-bao-cao.html']));
    const page = Buffer.from(mail.attachments.find((a) => a.filename === 'Tai-len-bao-cao.html')!.content, 'base64').toString('utf8');
    expect(page).toMatch(/name="key" value="uploads\/bo-tu-phap\/link-[0-9a-f]+\/\$\{filename\}"/);
    expect(page).toContain('name="Policy"');
  });
});

describe('reminders', () => {
  const report = (agencyId: string, receivedAt: string): Report => ({
    id: `r-${agencyId}`, bucket: 'b', key: `uploads/${agencyId}/x.xlsx`, fileName: 'x.xlsx', size: 1, sha256: agencyId, receivedAt, state: 'processed', agencyId,
  });
  const contacts = [{ agencyId: 'a', emails: ['a@x.vn'], domains: [] }, { agencyId: 'b', emails: ['b@x.vn'], domains: [] }, { agencyId: 'c', emails: [], domains: [] }];

  it('goes N days before the deadline to agencies that have not reported, never after it', () => {
    const base = { deadline: '2024-06-17', daysBefore: 3, since: '2024-06-01', agencies: ['a', 'b', 'c'], contacts, reports: [report('a', '2024-06-10T00:00:00Z')] };
    expect(planReminders({ ...base, today: '2024-06-10' })).toMatchObject({ due: false, daysLeft: 7, agencies: [] });
    const due = planReminders({ ...base, today: '2024-06-14' });
    expect(due).toMatchObject({ due: true, daysLeft: 3, reported: ['a'], noContact: ['c'] });
    expect(due.agencies).toEqual([{ agencyId: 'b', to: ['b@x.vn'] }]);
    expect(planReminders({ ...base, today: '2024-06-18' }).due).toBe(false);
    // a report from before the campaign does not count
    expect(planReminders({ ...base, today: '2024-06-15', reports: [report('a', '2024-05-01T00:00:00Z')] }).agencies.map((a) => a.agencyId)).toEqual(['a', 'b']);
  });

  it('mails the reminder through SES to agencies that have not reported', async () => {
    await t.store.createReport({ ...report('bo-y-te', '2024-06-12T03:00:00.000Z'), id: 'rem-test-1' });
    const before = t.stack.sentMail().length;
    const plan = await sendReminders(t, { tasks: seedRegistry(), period, deadline: '2024-06-17', daysBefore: 3, today: '2024-06-15', since: '2024-06-01', agencyIds: ['bo-tu-phap', 'bo-y-te'] });
    expect(plan.agencies.map((a) => a.agencyId)).toEqual(['bo-tu-phap']);
    expect(plan.reported).toEqual(['bo-y-te']);
    const sent = t.stack.sentMail().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].subject).toBe('[Đề án 06] Nhắc gửi báo cáo 6 tháng đầu năm 2024 — hạn 17/06/2024');
    expect(sent[0].body.text).toContain('còn 2 ngày');
  });
});
