/**
 * An address that bounced, end to end on the emulators: the next reminder skips it (and still reaches the agency's
 * other address), and the digest lists it, with its agency, under the addresses mail cannot reach.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest, renderDigest } from '#shared/digest';
import { noteMailEvent } from '#shared/recipients/health';
import { seedRegistry } from '#shared/registry';
import { parsePeriod, sendReminders } from '#shared/templates';
import { startTestStack, type TestStack } from '#testkit/local-stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ deliverEvents: false });
  await t.store.setContact({ agencyId: 'bo-tu-phap', emails: ['vanphong@moj.gov.vn', 'canbo.cu@moj.gov.vn'], domains: [] });
  await noteMailEvent({ address: 'canbo.cu@moj.gov.vn', kind: 'bounce', at: '2024-06-12T01:00:00.000Z', source: 'ses', status: '5.1.1' },
    { store: t.store, mailer: t.mailer, secretariat: t.config.secretariatAddress });
});
afterAll(async () => { await t?.stop(); });

describe('a bounced address', () => {
  it('is skipped by the next reminder, which still reaches the agency\'s other address', async () => {
    const before = t.stack.sentMail().length;
    await sendReminders(t, {
      tasks: seedRegistry(), period: parsePeriod('6 tháng đầu năm 2024'), deadline: '2024-06-17', daysBefore: 3,
      today: '2024-06-15', since: '2024-06-01', agencyIds: ['bo-tu-phap'],
    });
    const sent = t.stack.sentMail().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].destination.to.join(',')).toContain('vanphong@moj.gov.vn');
    expect(sent.flatMap((m) => [...m.destination.to, ...m.destination.cc]).join(',')).not.toContain('canbo.cu@moj.gov.vn');
  });

  it('is listed in the digest with its agency and what happened', async () => {
    const digest = await buildDigest({ store: t.store, asOf: '2024-06-17' });
    expect(digest.unreachable).toEqual([expect.objectContaining({ address: 'canbo.cu@moj.gov.vn', agencyId: 'bo-tu-phap', agencyName: 'Bộ Tư pháp', status: '5.1.1' })]);
    const { text, html } = await renderDigest(digest);
    expect(text).toContain('Các địa chỉ không nhận được thư của hệ thống (1)');
    expect(text).toMatch(/canbo\.cu@moj\.gov\.vn \(Bộ Tư pháp\): không nhận được thư .* từ 12\/06\/2024 \(mã 5\.1\.1\)/);
    expect(html).toContain('canbo.cu@moj.gov.vn');
  });
});
