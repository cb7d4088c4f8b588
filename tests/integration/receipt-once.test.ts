/**
 * A receipt goes out at least once: when the run that finished a report died before the receipt was sent, the
 * retry (a redelivered event reaching process-upload again) sends it — and only then.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { processUpload } from '#shared/ingest/process-upload';
import { defaultStages } from '#shared/ingest/stages';
import { receiptHook } from '#shared/receipts/send';
import { loadSeedRegistry } from '#shared/registry';
import { useLocalStack } from '#testkit/local-stack';

const env = useLocalStack({ deliverEvents: false });

beforeAll(async () => {
  await loadSeedRegistry(env.store);
  await env.store.setContact({ agencyId: 'bo-y-te', emails: ['vanphong@moh.example.gov.vn'], domains: [] });
});

describe('receipts after a crash', () => {
  it('a replay of a finished report without a sent receipt sends it once; later replays send nothing', async () => {
    const key = 'uploads/bo-y-te/bao-cao.xlsx';
    const put = await env.blobs.put(key, readFileSync('seeds/samples/bo-y-te.xlsx'));
    const ref = { bucket: env.config.bucketName, key, etag: put.etag };
    const base = { store: env.store, blobs: env.blobs, config: env.config, stages: await defaultStages() };
    const receipts = () => env.stack.sentMail().filter((m) => m.destination.to.join(',').includes('moh.example.gov.vn')).length;

    // the first run finishes the report and dies before its receipt hook runs
    const first = await processUpload(ref, base);
    expect(first.report.state).toBe('processed');
    expect(first.report.receiptSentAt).toBeUndefined();
    expect(receipts()).toBe(0);

    const deps = { ...base, onProcessed: receiptHook({ store: env.store, mailer: env.mailer }) };
    const second = await processUpload(ref, deps);
    expect(second.replayed).toBe(true);
    expect(receipts()).toBe(1);
    expect((await env.store.getReport(first.report.id))?.receiptSentAt).toBeDefined();

    await processUpload(ref, deps);
    expect(receipts()).toBe(1);
    expect((await env.store.listRows(first.report.id)).length).toBe(first.report.counts?.rows);
  });
});
