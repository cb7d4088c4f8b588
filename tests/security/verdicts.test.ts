/**
 * SES receipt verdicts honoured end to end, through the real inbound handler with the ingest pipeline running:
 * a spam or virus FAIL (either, both, any letter case) is quarantined — no attachment reaches uploads/, so the
 * ingest function never reads it, nothing is extracted, no receipt goes back to the (possibly forged) sender —
 * and the raw message is kept and recorded. An authentication FAIL is held for the secretariat. A clean
 * message with the same content is processed, which shows the content itself was not the reason.
 * (tests/inbound covers judgeVerdicts and receiveMessage per verdict.)
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '#local/queue';
import { loadSeedRegistry } from '#shared/registry';
import { useLocalStack } from '#testkit/local-stack';

const env = useLocalStack();
const SENDER = 'vanphong@moj.gov.vn';
const DOCX = readFileSync(new URL('../../seeds/samples/bo-tu-phap.docx', import.meta.url));
type Verdicts = Partial<Record<'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc', string>>;
let handler: (e: unknown, c: unknown) => Promise<{ results: Array<{ state: string; reason?: string; saved: number }> }>;

function raw(n: number): string {
  return [
    `From: ${SENDER}`, 'To: bao-cao@de-an-06.local', 'Subject: Bao cao', `Message-ID: <v${n}@moj.gov.vn>`, 'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', '', 'Kèm báo cáo.',
    '--b', 'Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="bao-cao-${n}.docx"`, '', Buffer.concat([DOCX, Buffer.from(`#${n}`)]).toString('base64'), '--b--', '',
  ].join('\r\n');
}

function event(messageId: string, v: Verdicts) {
  const s = (k: keyof Verdicts) => ({ status: v[k] ?? 'PASS' });
  return { Records: [{ eventSource: 'aws:ses', eventVersion: '1.0', ses: {
    mail: { timestamp: new Date().toISOString(), source: SENDER, messageId, destination: ['bao-cao@de-an-06.local'], headersTruncated: false, headers: [], commonHeaders: {} },
    receipt: { timestamp: new Date().toISOString(), processingTimeMillis: 5, recipients: ['bao-cao@de-an-06.local'], spamVerdict: s('spam'), virusVerdict: s('virus'), spfVerdict: s('spf'), dkimVerdict: s('dkim'), dmarcVerdict: s('dmarc'), action: { type: 'Lambda', functionArn: 'arn', invocationType: 'Event' } },
  } }] };
}

let n = 0;
async function deliver(v: Verdicts) {
  const id = `verdict-${++n}`;
  await env.blobs.put(`inbound/${id}`, raw(n));
  const before = new Set((await env.blobs.list('uploads/')).map((o) => o.key));
  const mailBefore = env.stack.sentMail().length;
  const res = await handler(event(id, v), lambdaContext('intake-inbound-email', 'ap-southeast-1', 120_000));
  await env.stack.idle();
  const uploads = (await env.blobs.list('uploads/')).map((o) => o.key).filter((k) => !before.has(k));
  const mail = env.stack.sentMail().slice(mailBefore);
  const records = (await env.store.listReports()).filter((r) => r.key === `inbound/${id}`);
  return { result: res.results[0]!, uploads, mail, records, id };
}

beforeAll(async () => {
  handler = (await import('../../functions/inbound-email')).handler as never;
  await loadSeedRegistry(env.store);
  await env.store.setContact({ agencyId: 'bo-tu-phap', emails: [SENDER], domains: ['moj.gov.vn'] });
});

describe('spam or virus FAIL', () => {
  it.each<[string, Verdicts, string]>([
    ['virus FAIL', { virus: 'FAIL' }, 'virus'],
    ['spam FAIL', { spam: 'FAIL' }, 'spam'],
    ['both FAIL', { spam: 'FAIL', virus: 'FAIL' }, 'virus'],
    ['virus "fail" (letter case)', { virus: 'fail' }, 'virus'],
    ['virus FAIL with every authentication PASS', { virus: 'FAIL', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' }, 'virus'],
  ])('%s: quarantined, nothing reaches uploads/ or the ingest path, no mail to the sender, raw kept and recorded', async (_l, v, reason) => {
    const out = await deliver(v);
    expect(out.result).toMatchObject({ state: 'quarantined', reason, saved: 0 });
    expect(out.uploads).toEqual([]);
    expect(out.mail.filter((m) => m.destination.to.includes(SENDER))).toEqual([]);
    expect(await env.blobs.head(`inbound/${out.id}`)).toBeDefined();
    expect(out.records).toHaveLength(1);
    expect(out.records[0]).toMatchObject({ state: 'quarantined' });
    expect(await env.store.listRows(out.records[0]!.id)).toHaveLength(0);
  });
});

describe('the other verdicts', () => {
  it('an authentication FAIL is held for the secretariat, nothing processed', async () => {
    const out = await deliver({ dkim: 'FAIL', dmarc: 'FAIL' });
    expect(out.result).toMatchObject({ state: 'held', saved: 0 });
    expect(out.uploads).toEqual([]);
    expect(out.mail.some((m) => m.destination.to.includes(env.config.secretariatAddress!))).toBe(true);
  });

  it('the same content with every verdict PASS is saved and processed (the verdict was the reason)', async () => {
    const out = await deliver({});
    expect(out.result).toMatchObject({ state: 'accepted', saved: 1 });
    expect(out.uploads).toHaveLength(1);
    expect(out.uploads[0]).toMatch(/^uploads\/bo-tu-phap\//);
    const report = (await env.store.listReports()).find((r) => r.key === out.uploads[0]);
    expect(report).toMatchObject({ state: 'processed', agencyId: 'bo-tu-phap' });
  });
});
