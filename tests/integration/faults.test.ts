/**
 * Faults injected into the real handler's AWS calls (shared/store/clients.ts `intercept`): DynamoDB throttling,
 * a crash between extraction and storage, S3 read errors. Nothing lost, nothing counted twice.
 */
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reportIdFor } from '#shared/ingest/process-upload';
import { loadSeedRegistry } from '#shared/registry';
import { intercept } from '#shared/store/clients';
import { useLocalStack } from '#testkit/local-stack';

const env = useLocalStack();
const sample = (name: string) => readFileSync(new URL(`../../seeds/samples/${name}`, import.meta.url));
let removeFault: (() => void) | undefined;

beforeAll(async () => {
  await loadSeedRegistry(env.store);
});

afterEach(() => {
  removeFault?.();
  removeFault = undefined;
});

async function upload(key: string, bytes: Uint8Array) {
  const put = await env.blobs.put(key, bytes);
  return reportIdFor({ bucket: env.config.bucketName, key, etag: put.etag });
}

async function expectCompleteOnce(id: string) {
  const r = (await env.store.getReport(id))!;
  expect(r.state).toBe('processed');
  const rows = await env.store.listRows(id);
  expect(rows.length).toBe(r.counts?.rows);
  expect(new Set(rows.map((x) => x.rowId)).size).toBe(rows.length);
  for (const row of rows.filter((x) => x.match?.decision === 'auto')) {
    const entries = (await env.store.statusHistory(row.match!.taskId!)).filter((h) => h.reportId === id && h.rowId === row.rowId);
    expect(entries).toHaveLength(1);
  }
  return r;
}

describe('DynamoDB throttling', () => {
  it('is retried with backoff by the SDK: the report completes, nothing lost', async () => {
    let throttled = 0;
    removeFault = intercept(({ service, command }) => {
      if (service === 'dynamodb' && /BatchWrite|PutItem|PutCommand/.test(command) && throttled < 3) {
        throttled++;
        throw new ProvisionedThroughputExceededException({ message: 'injected throttling', $metadata: { httpStatusCode: 400 } });
      }
    });
    const id = await upload('uploads/bo-tu-phap/throttled.docx', sample('bo-tu-phap.docx'));
    await env.stack.idle();
    expect(throttled).toBe(3);
    await expectCompleteOnce(id);
    expect(env.stack.deadLetters()).toHaveLength(0);
  });
});

describe('a crash between extraction and storage', () => {
  it('leaves a received report that the retry completes, without duplicates', async () => {
    let crashes = 0;
    removeFault = intercept(({ service, command }) => {
      if (service === 'dynamodb' && /BatchWrite/.test(command) && crashes === 0) {
        crashes++;
        throw new Error('process killed (injected)'); // not an AWS error: no SDK retry, the invocation fails
      }
    });
    const id = await upload('uploads/bo-y-te/crash.xlsx', sample('bo-y-te.xlsx'));
    await env.stack.idle();
    expect(crashes).toBe(1);
    const r = await expectCompleteOnce(id);
    expect(r.counts?.rows).toBeGreaterThan(0);
    expect((await env.store.listReports()).filter((x) => x.key === 'uploads/bo-y-te/crash.xlsx')).toHaveLength(1);
    expect(env.stack.deadLetters()).toHaveLength(0);
  });
});

describe('S3 read errors', () => {
  it('are retried, then the message lands in the dead-letter list with its reason; the rest of the batch is processed', async () => {
    // Bộ Tư pháp's own file again (its content under another agency would be held for the secretariat)
    const badKey = 'uploads/bo-tu-phap/unreadable.docx';
    let reads = 0;
    removeFault = intercept(({ service, command, input }) => {
      if (service === 's3' && command === 'GetObjectCommand' && input.Key === badKey) {
        reads++;
        throw Object.assign(new Error('Access Denied (injected)'), { name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } });
      }
    });
    const before = env.stack.deadLetters().length;
    const badId = await upload(badKey, sample('bo-tu-phap.docx'));
    const goodId = await upload('uploads/bo-noi-vu/readable.docx', new TextEncoder().encode('STT\tNội dung\n1\tCấp căn cước\n'));
    await env.stack.idle();
    expect(reads).toBe(3); // one read per receive, maxReceiveCount 3
    const dead = env.stack.deadLetters().slice(before);
    expect(dead).toHaveLength(1);
    expect(dead[0].body).toContain(badKey);
    // the reason is kept on the report (the DLQ itself carries only the event)
    expect(await env.store.getReport(badId)).toMatchObject({ state: 'failed', key: badKey, error: { code: 'dead_lettered' } });
    expect((await env.store.getReport(badId))!.error!.message).toMatch(/AccessDenied/);
    expect((await env.store.getReport(goodId))?.state).toMatch(/processed|quarantined/);

    // the operator fixes access and redrives: it goes through
    removeFault?.();
    removeFault = undefined;
    expect(env.stack.redrive()).toBe(1);
    await env.stack.idle();
    const redriven = (await env.store.getReport(badId))!;
    expect(redriven.state).toMatch(/processed|duplicate/);
    expect(redriven.error).toBeUndefined();
    expect(redriven.sha256).toHaveLength(64);
  });
});
