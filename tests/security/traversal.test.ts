/**
 * Attachment names cannot escape their prefix. One email (through the real inbound handler, then the real ingest
 * handler for what it saves) carries attachments and ZIP entries named to climb out — "../", "..\", absolute
 * paths, drive letters, encoded words hiding "../", NUL and control characters, "." and "..", 300-character
 * names — and every object written anywhere in the bucket afterwards must sit under uploads/<agency>/ (the
 * sender's agency), quarantine/<report>/ or the raw message's own inbound/ key, with no ".." or "." segment,
 * no backslash, no control character. (tests/inbound checks safeFileName/uploadKey and one climbing ZIP entry.)
 */
import { strToU8, zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { lambdaContext } from '#local/queue';
import { loadSeedRegistry } from '#shared/registry';
import { useLocalStack } from '#testkit/local-stack';

const env = useLocalStack();
const DOCX = readFileSync(new URL('../../seeds/samples/bo-tu-phap.docx', import.meta.url));
const b64 = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;

const NAMES = [
  '../../outbound/digests/x.docx',
  '..\\..\\quarantine\\y.docx',
  '/etc/passwd.docx',
  'C:\\Windows\\system32\\z.docx',
  'a/../../../uploads/bo-cong-an/gia-mao.docx',
  b64('../../uploads/bo-cong-an/bao-cao.docx'),
  '..',
  '.',
  'bao\u0001cao\u0007.docx',
  `${'rất-dài-'.repeat(40)}.docx`,
  './../uploads/./bo-y-te/../x.docx',
];
const ZIP_ENTRIES = ['../../../outbound/zip-thoat.docx', '/tuyet-doi.docx', 'thu-muc/../../len-tren.docx', 'C:/o-dia.docx', '..\\\\ngoac.docx', 'tot/bao-cao-trong-zip.docx'];

function message(): string {
  const parts = NAMES.map((n, i) => [
    '--b', 'Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${n.replace(/"/g, '')}"`, '',
    // distinct bytes per attachment (the same bytes twice would be a duplicate report)
    Buffer.concat([DOCX, Buffer.from(`\n${i}`)]).toString('base64'),
  ].join('\r\n'));
  const zip = zipSync(Object.fromEntries(ZIP_ENTRIES.map((n, i) => [n, Buffer.concat([DOCX, Buffer.from(`zip${i}`)])])));
  parts.push(['--b', 'Content-Type: application/zip', 'Content-Transfer-Encoding: base64', 'Content-Disposition: attachment; filename="../../../bao-cao.zip"', '',
    Buffer.from(zip).toString('base64')].join('\r\n'));
  return [
    'From: Văn phòng <vanphong@moj.gov.vn>', 'To: bao-cao@de-an-06.local', 'Subject: Bao cao', 'Message-ID: <../../trav@moj.gov.vn>',
    'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '',
    '--b', 'Content-Type: text/plain; charset=utf-8', '', 'Kèm báo cáo.', ...parts, '--b--', '',
  ].join('\r\n');
}

function sesEvent(messageId: string) {
  const pass = { status: 'PASS' };
  return { Records: [{ eventSource: 'aws:ses', eventVersion: '1.0', ses: {
    mail: { timestamp: new Date().toISOString(), source: 'vanphong@moj.gov.vn', messageId, destination: ['bao-cao@de-an-06.local'], headersTruncated: false, headers: [], commonHeaders: {} },
    receipt: { timestamp: new Date().toISOString(), processingTimeMillis: 5, recipients: ['bao-cao@de-an-06.local'], spamVerdict: pass, virusVerdict: pass, spfVerdict: pass, dkimVerdict: pass, dmarcVerdict: pass, action: { type: 'Lambda', functionArn: 'arn', invocationType: 'Event' } },
  } }] };
}

let before: Set<string>;
let created: string[];
let saved: number;

beforeAll(async () => {
  await loadSeedRegistry(env.store);
  await env.store.setContact({ agencyId: 'bo-tu-phap', emails: ['vanphong@moj.gov.vn'], domains: ['moj.gov.vn'] });
  before = new Set((await env.blobs.list('')).map((o) => o.key));
  await env.blobs.put('inbound/trav-1', message());
  const { handler } = await import('../../functions/inbound-email');
  const res = await handler(sesEvent('trav-1') as never, lambdaContext('intake-inbound-email', 'ap-southeast-1', 120_000)) as { results: Array<{ state: string; saved: number }> };
  saved = res.results[0]!.saved;
  await env.stack.idle();
  created = (await env.blobs.list('')).map((o) => o.key).filter((k) => !before.has(k) && k !== 'inbound/trav-1');
});

it('saves the attachments (not dropped: the names are made safe)', () => {
  expect(saved).toBeGreaterThanOrEqual(NAMES.length);
  expect(created.filter((k) => k.startsWith('uploads/')).length).toBe(saved);
});

it('every key written stays under uploads/<sender agency>/ or quarantine/<report>/', () => {
  expect(created.length).toBeGreaterThan(0);
  for (const k of created) {
    expect(k, k).toMatch(/^(uploads\/bo-tu-phap\/|quarantine\/[0-9a-f]{32}\/)/);
    const segs = k.split('/');
    expect(segs.some((s) => s === '..' || s === '.' || s === ''), k).toBe(false);
    expect(k, k).not.toMatch(/[\\\u0000-\u001f\u007f]/);
    expect(k.length, k).toBeLessThanOrEqual(1024);
  }
});

it('no entry of the ZIP that climbs out is saved; the harmless one is', () => {
  const names = created.map((k) => k.split('/').pop()!);
  for (const bad of ['zip-thoat.docx', 'tuyet-doi.docx', 'len-tren.docx']) expect(names, bad).not.toContain(bad);
  expect(names.some((n) => n.endsWith('bao-cao-trong-zip.docx'))).toBe(true);
});

it('every report made from them belongs to the sender\'s agency, whatever the name claimed', async () => {
  const reports = (await env.store.listReports()).filter((r) => created.includes(r.key));
  expect(reports.length).toBe(saved);
  for (const r of reports) {
    expect(r.agencyId, r.key).toBe('bo-tu-phap');
    expect(r.fileName, r.key).not.toMatch(/[\\/]|^\.\.?$/);
  }
});
