/**
 * Reminders without anyone at a terminal: `templates send` records a campaign; the daily scheduled run (the real
 * digest handler) reminds, once, N days before the deadline, the agencies that have not reported since.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignFor } from '#shared/templates';
import { loadSeedRegistry } from '#shared/registry';
import { useLocalStack } from '#testkit/local-stack';

const env = useLocalStack({ deliverEvents: false });
let handler: (e: unknown) => Promise<{ reminders: Array<{ campaignId: string; outcome: string; reminded: number }> }>;

beforeAll(async () => {
  await loadSeedRegistry(env.store);
  await env.store.setContact({ agencyId: 'bo-tu-phap', emails: ['vp@moj.example.gov.vn'], domains: [] });
  await env.store.setContact({ agencyId: 'bo-y-te', emails: ['vp@moh.example.gov.vn'], domains: [] });
  await env.store.putCampaign(campaignFor({
    period: '6 tháng đầu năm 2024', deadline: '2024-06-17', remindDaysBefore: 3,
    agencyIds: ['bo-tu-phap', 'bo-y-te'], now: new Date('2024-06-03T02:00:00Z'),
  }));
  // Bộ Y tế has reported since the templates went out
  await env.store.createReport({
    id: 'r-byt', bucket: env.config.bucketName, key: 'uploads/bo-y-te/bc.xlsx', fileName: 'bc.xlsx', size: 10, sha256: 'x',
    receivedAt: '2024-06-10T03:00:00.000Z', reportDate: '2024-06-10', state: 'processed', agencyId: 'bo-y-te',
  });
  handler = (await import('../../functions/digest')).handler as never;
});

const remindersTo = (domain: string) => env.stack.sentMail().filter((m) => m.destination.to.join(',').includes(domain));

describe('scheduled reminders', () => {
  it('does nothing before the reminder window', async () => {
    const res = await handler({ source: 'scheduler', kind: 'daily-digest', now: '2024-06-12T01:00:00Z' });
    expect(res.reminders).toEqual([expect.objectContaining({ outcome: 'not_due' })]);
    expect(remindersTo('moj.example.gov.vn')).toHaveLength(0);
  });

  it('reminds only the agency that has not reported, once, however often the daily run fires', async () => {
    const first = await handler({ source: 'scheduler', kind: 'daily-digest', now: '2024-06-14T01:00:00Z' });
    expect(first.reminders).toEqual([expect.objectContaining({ outcome: 'sent', reminded: 1 })]);
    const again = await handler({ source: 'scheduler', kind: 'daily-digest', now: '2024-06-15T01:00:00Z' });
    expect(again.reminders).toEqual([expect.objectContaining({ outcome: 'already_sent' })]);
    expect(remindersTo('moj.example.gov.vn')).toHaveLength(1);
    expect(remindersTo('moh.example.gov.vn')).toHaveLength(0);
    expect(remindersTo('moj.example.gov.vn')[0].subject).toMatch(/nhắc|Nhắc/);
  });

  it('stops after the deadline', async () => {
    const res = await handler({ source: 'scheduler', kind: 'daily-digest', now: '2024-06-20T01:00:00Z' });
    expect(res.reminders).toEqual([]);
  });
});
