/**
 * At-least-once delivery and crashes, through the real handler (functions/ingest.ts) on the embedded stack:
 * a mixed batch where every event arrives 2–3 times, interleaved; and a crash injected at each point between
 * extraction and the report's final state. (tests/integration covers one doubled event and the crash before
 * the first row; here: many reports at once, and every later crash point.)
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { agencyDirectory } from '#shared/agencies';
import { objectCreatedEvent } from '#local/events';
import { loadSeedRegistry, seedRegistry } from '#shared/registry';
import { intercept, type SdkCall } from '#shared/store/clients';
import { useLocalStack } from '#testkit/local-stack';
import { generateReport, prng } from '#testkit/reports';
import { expectExactlyOnce, setContacts, upload } from '#testkit/resilience-world';

const env = useLocalStack();
const tasks = seedRegistry();
const names = (id: string) => agencyDirectory().get(id)?.name;
const sample = (name: string) => new Uint8Array(readFileSync(new URL(`../../seeds/samples/${name}`, import.meta.url)));

beforeAll(async () => {
  await loadSeedRegistry(env.store);
  await setContacts(env);
});

describe('every event delivered 2–3 times', () => {
  it('a mixed batch (XLSX, DOCX, PDF; 8 agencies) yields one report, one set of rows, one history entry per row, one receipt each', async () => {
    const files = await Promise.all(Array.from({ length: 6 }, (_, i) => generateReport(tasks, 100 + i, { rows: 30, names })));
    const ups = [];
    for (const f of files) ups.push({ ...(await upload(env, f.key, f.bytes)), expected: f.rows });
    ups.push({ ...(await upload(env, 'uploads/tp-hue/bao-cao-quy-3.pdf', sample('ubnd-hue.pdf'))), expected: undefined });
    ups.push({ ...(await upload(env, 'uploads/bo-tu-phap/bao-cao-6-thang.docx', sample('bo-tu-phap.docx'))), expected: undefined });
    // each put already raised one event; 1–2 more copies each, shuffled, some the byte-identical event twice
    const rnd = prng(8);
    const extra: Array<() => void> = [];
    for (const u of ups) {
      const ref = { bucket: env.config.bucketName, key: u.key, size: u.size, etag: u.etag };
      const event = objectCreatedEvent(ref, env.config.region);
      extra.push(() => env.stack.deliverRaw(event));
      if (rnd() < 0.6) extra.push(() => env.stack.deliverRaw(event)); // the same message body again (SQS redelivery)
      else extra.push(() => env.stack.deliverUploadEvents([ref])); // a fresh event id for the same object (S3 at-least-once)
    }
    extra.sort(() => rnd() - 0.5).forEach((send) => send());
    await env.stack.idle();

    for (const u of ups) await expectExactlyOnce(env, u, { expectedRows: u.expected });
    expect(env.stack.deadLetters()).toHaveLength(0);
  });
});

/** a crash (not an AWS error: the SDK does not retry it, the invocation fails) at the n-th call that `at` picks. */
function crashAt(at: (call: SdkCall, text: string) => boolean, nth = 1) {
  let seen = 0;
  let crashed = 0;
  const stop = intercept((call) => {
    if (crashed || !at(call, JSON.stringify(call.input))) return;
    if (++seen === nth) {
      crashed++;
      throw new Error('process killed (injected)');
    }
  });
  return { stop, crashed: () => crashed };
}

describe('a handler killed between extraction and storage, at every point', () => {
  const points: Array<[string, (c: SdkCall, text: string) => boolean, number]> = [
    ['after the first 25 rows are stored', (c) => c.service === 'dynamodb' && /BatchWrite/.test(c.command), 2],
    ['midway through the status history', (c, t) => c.service === 'dynamodb' && /^Put/.test(c.command) && t.includes('HIST#'), 5],
    ['after the history, before the latest-status index', (c, t) => c.service === 'dynamodb' && /^Put/.test(c.command) && t.includes('LATEST#'), 3],
    ['with everything stored, before the report is marked processed', (c, t) => c.service === 'dynamodb' && /^Put/.test(c.command) && t.includes('"processed"'), 1],
  ];

  points.forEach(([name, at, nth], i) => {
    it(`${name}: the retry completes the report with no duplicates`, async () => {
      const f = await generateReport(tasks, 200 + i, { rows: 40, names });
      const fault = crashAt(at, nth);
      try {
        const up = await upload(env, f.key, f.bytes);
        await env.stack.idle();
        expect(fault.crashed(), 'the crash happened').toBe(1);
        const { report } = await expectExactlyOnce(env, up, { expectedRows: f.rows });
        expect(report.counts?.auto).toBeGreaterThan(0);
      } finally {
        fault.stop();
      }
      expect(env.stack.deadLetters()).toHaveLength(0);
    });
  });
});
