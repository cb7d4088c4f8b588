/**
 * The agencies' page links in the round's mails and on the command line (#16): `templates send` records the round
 * and each mail carries the agency's own link (signed, naming it and the round); the daily reminders carry the same
 * link; a revoked link is left out of the next reminder; `intake round list|link issue|revoke` work on the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignFor, parsePeriod, runDueReminders, sendTemplates } from '#shared/templates';
import { seedRegistry } from '#shared/registry';
import { openLink, revokeLink } from '#shared/rounds/link';
import { startTestStack, type TestStack } from '#testkit/local-stack';
import { runIntakeInProcess } from '#testkit/cli';

let t: TestStack;
const period = parsePeriod('6 tháng đầu năm 2024');
const BASE = 'https://bao-cao.de-an-06.example';
const config = () => ({ ...t.config, agencyLinks: { ...t.config.agencyLinks, baseUrl: BASE } });
const linkIn = (text: string | undefined) => /https:\/\/bao-cao\.de-an-06\.example\/dot-bao-cao\/mo\?t=([A-Za-z0-9_.-]+)/.exec(text ?? '')?.[1];

beforeAll(async () => {
  t = await startTestStack({ deliverEvents: false });
  await t.store.setContact({ agencyId: 'bo-tu-phap', emails: ['vanphong@moj.gov.vn'], domains: [] });
  await t.store.setContact({ agencyId: 'bo-y-te', emails: ['dean06@moh.gov.vn'], domains: [] });
  await t.store.putTasks(seedRegistry()); // the daily run reminds from the stored registry
});
afterAll(async () => { await t?.stop(); });

describe('round links in mail', () => {
  it('templates send records the round and gives each agency its own link; reminders carry it; revoked → left out', async () => {
    const round = campaignFor({ period: period.label, deadline: '2024-06-17', remindDaysBefore: 3, agencyIds: ['bo-tu-phap', 'bo-y-te'], now: new Date('2024-06-01T02:00:00Z') });
    const now = new Date('2024-06-01T02:00:00Z');
    await sendTemplates({ ...t, config: config() }, { tasks: seedRegistry(), period, deadline: '2024-06-17', agencyIds: ['bo-tu-phap', 'bo-y-te'], round, now });
    expect((await t.store.listCampaigns()).map((c) => c.id)).toContain(round.id);
    const mailTo = (addr: string) => t.stack.sentMail().filter((m) => m.destination.to.includes(addr));
    const tpToken = linkIn(mailTo('vanphong@moj.gov.vn')[0]?.body.text);
    const ytToken = linkIn(mailTo('dean06@moh.gov.vn')[0]?.body.text);
    expect(tpToken).toBeTruthy();
    expect(ytToken).toBeTruthy();
    expect(tpToken).not.toBe(ytToken);
    expect(mailTo('vanphong@moj.gov.vn')[0]?.body.text).toContain('hiệu lực đến hết ngày 24/06/2024'); // deadline + 7 days
    const deps = { store: t.store, config: config(), now: () => now };
    const opened = await openLink(deps, tpToken!);
    expect(opened.ok && opened.opened.agencyId).toBe('bo-tu-phap');
    expect(opened.ok && opened.opened.round.id).toBe(round.id);

    // the daily run, 3 days before the deadline: the same link in the reminder
    await t.store.putCampaign(round);
    await revokeLink(deps, { agencyId: 'bo-y-te', roundId: round.id });
    const runs = await runDueReminders({ ...t, config: config() }, '2024-06-14');
    expect(runs.find((r) => r.campaignId === round.id)?.outcome).toBe('sent');
    const reminder = mailTo('vanphong@moj.gov.vn').find((m) => m.subject.includes('Nhắc'));
    expect(linkIn(reminder?.body.text)).toBe(tpToken);
    const ytReminder = mailTo('dean06@moh.gov.vn').find((m) => m.subject.includes('Nhắc'));
    expect(ytReminder).toBeTruthy();
    expect(linkIn(ytReminder?.body.text)).toBeUndefined();
  });

  it('without the page address (WEB_BASE_URL) the mail has no link, and nothing fails', async () => {
    const round = campaignFor({ period: period.label, deadline: '2024-06-18', remindDaysBefore: 3, agencyIds: ['bo-tu-phap'] });
    await sendTemplates(t, { tasks: seedRegistry(), period, deadline: '2024-06-18', agencyIds: ['bo-tu-phap'], round, uploadLink: false });
    const last = t.stack.sentMail().filter((m) => m.subject.includes('hạn 18/06/2024')).at(-1);
    expect(last).toBeTruthy();
    expect(last!.body.text).not.toContain('/dot-bao-cao/');
  });

  it('intake round list | link issue | revoke', async () => {
    const list = await runIntakeInProcess(['round', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('6 tháng đầu năm 2024 — hạn 18/06/2024');
    const issued = await runIntakeInProcess(['round', 'link', 'issue', 'BTP', '17/06/2024']);
    expect(issued.code, issued.stderr).toBe(0);
    expect(issued.stdout).toMatch(/phiên bản 2/); // the templates mail issued version 1
    expect(issued.stdout).toContain('Đường dẫn cũ của cơ quan cho đợt này không còn dùng được');
    const revoked = await runIntakeInProcess(['round', 'link', 'revoke', 'bo-tu-phap', '17/06/2024']);
    expect(revoked.stdout).toContain('Đã thu hồi');
    const link = await t.store.getRoundLink('bo-tu-phap', (await t.store.listCampaigns()).find((c) => c.deadline === '2024-06-17')!.id);
    expect(link?.version).toBe(2);
    expect(link?.revokedAt).toBeTruthy();
    // the round went to two agencies only
    const outside = await runIntakeInProcess(['round', 'link', 'issue', 'bo-cong-an', '17/06/2024']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('chỉ gửi cho 2 cơ quan');
    const unknown = await runIntakeInProcess(['round', 'link', 'issue', 'BTP', '01/01/2020']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Không có đợt báo cáo');
  });
});
