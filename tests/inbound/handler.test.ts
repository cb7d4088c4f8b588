/** The SES Lambda-action handler: event validation, raw message from S3, verdicts, size limit at its default. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '#local/queue';
import { startTestStack, type TestStack } from '#testkit/local-stack';

let t: TestStack;
let handler: (e: unknown) => Promise<{ results: Array<{ state: string; reason?: string; saved: number }> }>;

beforeAll(async () => {
  t = await startTestStack({ deliverEvents: false });
  const { handler: inbound } = await import('../../functions/inbound-email');
  // as Lambda calls it: with a context (idempotency reads the time left from it)
  handler = (e) => inbound(e as never, lambdaContext('intake-inbound-email', 'ap-southeast-1', 120_000)) as never;
  await t.store.setContact({ agencyId: 'bo-tu-phap', emails: [], domains: ['moj.gov.vn'] });
});
afterAll(async () => { await t?.stop(); });

const MSG = [
  'From: vanphong@moj.gov.vn', 'To: bao-cao@de-an-06.local', 'Subject: =?UTF-8?Q?B=C3=A1o_c=C3=A1o?=', 'Message-ID: <h1@moj.gov.vn>',
  'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', '', 'Kèm báo cáo.',
  '--b', 'Content-Type: application/pdf', 'Content-Transfer-Encoding: base64', 'Content-Disposition: attachment; filename="bc.pdf"', '',
  Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'), '--b--', '',
].join('\r\n');

function event(messageId: string, verdicts: Partial<Record<'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc', string>> = {}, action: Record<string, unknown> = { type: 'Lambda', functionArn: 'arn', invocationType: 'Event' }) {
  const v = (k: keyof typeof verdicts) => ({ status: verdicts[k] ?? 'PASS' });
  return {
    Records: [{
      eventSource: 'aws:ses', eventVersion: '1.0',
      ses: {
        mail: { timestamp: '2024-06-16T02:00:00.000Z', source: 'vanphong@moj.gov.vn', messageId, destination: ['bao-cao@de-an-06.local'], headersTruncated: false, headers: [], commonHeaders: {} },
        receipt: { timestamp: '2024-06-16T02:00:00.000Z', processingTimeMillis: 5, recipients: ['bao-cao@de-an-06.local'], spamVerdict: v('spam'), virusVerdict: v('virus'), spfVerdict: v('spf'), dkimVerdict: v('dkim'), dmarcVerdict: v('dmarc'), action },
      },
    }],
  };
}

describe('inbound-email handler', () => {
  it('rejects an event that is not an SES receipt (thrown: async retries, then the DLQ)', async () => {
    await expect(handler({ Records: [{ eventSource: 'aws:s3' }] })).rejects.toThrow(/invalid SES event/);
    await expect(handler(event('../../uploads/x'))).rejects.toThrow(/invalid SES event/);
  });

  it('reads the raw message SES stored under inbound/<messageId> and saves the attachment', async () => {
    await t.blobs.put('inbound/msg-ok-1', MSG);
    const res = await handler(event('msg-ok-1'));
    expect(res.results[0]).toMatchObject({ state: 'accepted', saved: 1 });
    expect((await t.blobs.list('uploads/bo-tu-phap/email/')).map((o) => o.key.split('/').pop())).toContain('bc.pdf');
  });

  it('uses the S3 action\'s own object key when the event carries one', async () => {
    await t.blobs.put('inbound/custom/abc', MSG);
    const res = await handler(event('msg-ok-2', {}, { type: 'S3', bucketName: t.blobs.bucket, objectKey: 'inbound/custom/abc' }));
    expect(res.results[0].state).toBe('accepted');
  });

  it('throws when the raw message is missing, so the invocation is retried', async () => {
    await expect(handler(event('msg-missing'))).rejects.toThrow(/not found/);
  });

  it('quarantines on a virus verdict without saving anything', async () => {
    await t.blobs.put('inbound/msg-virus', MSG);
    const before = (await t.blobs.list('uploads/')).length;
    const res = await handler(event('msg-virus', { virus: 'FAIL' }));
    expect(res.results[0]).toMatchObject({ state: 'quarantined', reason: 'virus', saved: 0 });
    expect((await t.blobs.list('uploads/')).length).toBe(before);
  });

  it('refuses a message over 40 MB (default limit) before parsing it, keeping the raw', async () => {
    const big = Buffer.concat([Buffer.from(MSG.replace('Kèm báo cáo.', '')), Buffer.alloc(41 * 1024 * 1024, 0x61)]);
    await t.blobs.put('inbound/msg-big', big);
    const res = await handler(event('msg-big'));
    expect(res.results[0]).toMatchObject({ state: 'rejected', reason: 'too_large', saved: 0 });
    expect(await t.blobs.head('inbound/msg-big')).toBeDefined();
    const rec = (await t.store.listReports()).find((r) => r.key === 'inbound/msg-big');
    expect(rec).toMatchObject({ state: 'failed', error: { code: 'too_large' }, origin: { kind: 'email', sender: 'vanphong@moj.gov.vn' } });
  });

  it('handles a message once: a retried invocation (or SES invoking twice) saves nothing more and sends no second notice', async () => {
    const held = MSG.replace('From: vanphong@moj.gov.vn', 'From: someone@unknown.example').replace('<h1@moj.gov.vn>', '<h2@unknown.example>');
    await t.blobs.put('inbound/msg-twice', held);
    const mailBefore = t.stack.sentMail().length;
    const first = await handler(event('msg-twice'));
    expect(first.results[0].state).toBe('held');
    const notices = t.stack.sentMail().length - mailBefore;
    expect(notices).toBeGreaterThan(0);
    const reportsAfterFirst = (await t.store.listReports()).length;
    const again = await handler(event('msg-twice'));
    const third = await handler(event('msg-twice'));
    expect(again.results[0]).toEqual(first.results[0]);
    expect(third.results[0]).toEqual(first.results[0]);
    expect(t.stack.sentMail().length - mailBefore).toBe(notices);
    expect((await t.store.listReports()).length).toBe(reportsAfterFirst);
  });
});
