/**
 * Uploads flowing end to end through the real ingest handler (functions/ingest.ts): s3rver's event → the
 * EventBridge "Object Created" event in an SQS record → Powertools batch + idempotency → process-upload → store.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXTRACT_ERROR_CODES } from '#shared/extract/model';
import { reportIdFor } from '#shared/ingest/process-upload';
import { objectCreatedEvent, sqsEvent, newMessage } from '#local/events';
import { lambdaContext } from '#local/queue';
import { loadSeedRegistry } from '#shared/registry';
import type { Report } from '#shared/domain/report';
import { useLocalStack } from '#testkit/local-stack';
import { failureMessage } from '#shared/domain/failures';

const env = useLocalStack();
const sample = (name: string) => readFileSync(new URL(`../../seeds/samples/${name}`, import.meta.url));

async function upload(key: string, bytes: Uint8Array | string, metadata?: Record<string, string>) {
  const put = await env.blobs.put(key, bytes, { metadata });
  return { key, etag: put.etag, id: reportIdFor({ bucket: env.config.bucketName, key, etag: put.etag }) };
}

async function reportsFor(key: string): Promise<Report[]> {
  return (await env.store.listReports()).filter((r) => r.key === key);
}

beforeAll(async () => {
  await loadSeedRegistry(env.store);
});

describe('an upload, end to end', () => {
  let id: string;
  const key = 'uploads/bo-tu-phap/bao-cao-6-thang.docx';
  const bytes = sample('bo-tu-phap.docx');

  beforeAll(async () => {
    id = (await upload(key, bytes)).id;
    await env.stack.idle();
  });

  it('produces a report record with what the walking skeleton promises', async () => {
    const r = await env.store.getReport(id);
    expect(r).toMatchObject({
      id, bucket: env.config.bucketName, key, fileName: 'bao-cao-6-thang.docx', size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'), agencyId: 'bo-tu-phap', agencySource: 'key-prefix',
      state: 'processed', format: 'docx',
    });
    expect(Date.parse(r!.receivedAt)).toBeGreaterThan(Date.now() - 120_000);
  });

  it('stores every extracted row with its match, and status history for automatic matches', async () => {
    const r = (await env.store.getReport(id))!;
    const rows = await env.store.listRows(id);
    expect(r.counts?.rows).toBeGreaterThan(0);
    expect(rows).toHaveLength(r.counts!.rows!);
    const auto = rows.filter((x) => x.match?.decision === 'auto');
    expect(auto).toHaveLength(r.counts!.auto!);
    expect((r.counts!.auto ?? 0) + (r.counts!.review ?? 0) + (r.counts!.new ?? 0)).toBe(rows.length);
    for (const row of auto) {
      const history = await env.store.statusHistory(row.match!.taskId!);
      expect(history.filter((h) => h.reportId === id && h.rowId === row.rowId)).toHaveLength(1);
    }
  });
});

describe('repeated delivery', () => {
  it('the same EventBridge event delivered twice, and the object announced three times, yield one report', async () => {
    const { key, etag, id } = await upload('uploads/bo-y-te/bao-cao.xlsx', sample('bo-y-te.xlsx'));
    await env.stack.idle();
    const rowsBefore = await env.store.listRows(id);
    const event = objectCreatedEvent({ bucket: env.config.bucketName, key, size: 1, etag }, env.config.region);
    env.stack.deliverRaw(event);
    env.stack.deliverRaw(event);
    env.stack.deliverUploadEvents([{ bucket: env.config.bucketName, key, size: 1, etag }], { times: 3 });
    await env.stack.idle();

    expect(await reportsFor(key)).toHaveLength(1);
    const rows = await env.store.listRows(id);
    expect(rows).toHaveLength(rowsBefore.length);
    for (const row of rows.filter((x) => x.match?.decision === 'auto')) {
      const history = await env.store.statusHistory(row.match!.taskId!);
      expect(history.filter((h) => h.reportId === id)).toHaveLength(1);
    }
    expect(env.stack.deadLetters()).toHaveLength(0);
  });

  it('concurrent duplicates in one batch settle to one report (in-progress ones are retried)', async () => {
    const key = 'uploads/tp-hue/bao-cao.pdf';
    const bytes = sample('ubnd-hue.pdf');
    // announce before the object's own event is processed: 3 copies land in one batch with it
    const put = await env.blobs.put(key, bytes);
    env.stack.deliverUploadEvents([{ bucket: env.config.bucketName, key, size: bytes.length, etag: put.etag }], { times: 3 });
    await env.stack.idle();
    const reports = await reportsFor(key);
    expect(reports).toHaveLength(1);
    expect(reports[0].state).toBe('processed');
    expect(env.stack.deadLetters()).toHaveLength(0);
  });
});

describe('bad input is recorded, kept and does not stop the batch', () => {
  it('zero bytes, unsupported type and corrupt file are quarantined with a reason; the good file in the batch is processed', async () => {
    const empty = await upload('uploads/bo-noi-vu/trong.docx', '');
    const exe = await upload('uploads/bo-noi-vu/chuong-trinh.exe', new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]));
    const corrupt = await upload('uploads/bo-noi-vu/hong.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]));
    const good = await upload('uploads/bo-noi-vu/tot.docx', sample('bo-tu-phap.docx').subarray(0)); // same bytes as another report
    await env.stack.idle();

    for (const bad of [empty, exe, corrupt]) {
      const r = (await env.store.getReport(bad.id))!;
      expect(r.state, bad.key).toBe('quarantined');
      expect([...EXTRACT_ERROR_CODES, 'outside_prefix', 'internal']).toContain(r.error?.code);
      expect(r.error?.messageVi?.length).toBeGreaterThan(5);
      const kept = await env.blobs.list(`quarantine/${bad.id}/`);
      expect(kept, bad.key).toHaveLength(1);
      expect(await env.blobs.head(bad.key)).toBeDefined(); // the original stays where it was
    }
    expect((await env.store.getReport(empty.id))!.error?.code).toBe('empty');
    expect((await env.store.getReport(exe.id))!.error?.code).toBe('unsupported_type');
    // (another agency's bytes: held for the secretariat, see tests/ingest/same-content.test.ts)
    expect((await env.store.getReport(good.id))!.state).toMatch(/processed|duplicate|held/);
    expect(env.stack.deadLetters()).toHaveLength(0);
  });

  it('an object outside uploads/ that reaches the function is recorded, not processed', async () => {
    const key = 'misc/lac-duong.docx';
    const { etag, id } = await upload(key, sample('bo-tu-phap.docx'));
    await env.stack.idle();
    expect(await env.store.getReport(id)).toBeUndefined(); // the rule only forwards uploads/
    env.stack.deliverUploadEvents([{ bucket: env.config.bucketName, key, size: 1, etag }]);
    await env.stack.idle();
    const r = await env.store.getReport(id);
    expect(r).toMatchObject({ state: 'quarantined', error: { code: 'outside_prefix' } });
    expect(await env.store.listRows(id)).toHaveLength(0);
  });

  it('the same content under another key is a duplicate of the earlier report, not counted twice', async () => {
    const first = await upload('uploads/bo-cong-thuong/lan-1.docx', 'STT\tNội dung\n1\tKết nối dữ liệu dân cư\n');
    await env.stack.idle();
    const second = await upload('uploads/bo-cong-thuong/lan-2.docx', 'STT\tNội dung\n1\tKết nối dữ liệu dân cư\n');
    await env.stack.idle();
    const a = (await env.store.getReport(first.id))!;
    const b = (await env.store.getReport(second.id))!;
    expect(a.state).not.toBe('duplicate');
    expect(b).toMatchObject({ state: 'duplicate', duplicateOf: first.id });
    expect(await env.store.listRows(second.id)).toHaveLength(0);
  });

  it('reads an object whose key arrives URL-encoded (S3 notification style)', async () => {
    const key = 'uploads/bo-tu-phap/Báo cáo (bản 2).docx';
    const { etag, id } = await upload(key, sample('bo-tu-phap.docx'));
    await env.stack.idle();
    const encoded = encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
    env.stack.deliverUploadEvents([{ bucket: env.config.bucketName, key: encoded, size: 1, etag }]);
    await env.stack.idle();
    const viaEncoded = (await env.store.listReports()).find((r) => r.id === reportIdFor({ bucket: env.config.bucketName, key: encoded, etag }));
    expect(viaEncoded).toMatchObject({ key, fileName: 'Báo cáo (bản 2).docx' });
    expect(viaEncoded!.error).toBeUndefined();
    expect((await env.store.getReport(id))?.key).toBe(key);
  });

  it('takes the agency from object metadata when the key has no agency folder', async () => {
    const { id } = await upload('uploads/bao-cao-btp.docx', 'STT\tNội dung\n1\tMột nhiệm vụ\n', { agency: 'Bộ Tư pháp' });
    await env.stack.idle();
    expect(await env.store.getReport(id)).toMatchObject({ agencyId: 'bo-tu-phap', agencySource: 'metadata' });
  });
});

describe('the registry as the handler sees it', () => {
  it('is read once while it does not change, and again right after an import', async () => {
    const { intercept } = await import('#shared/store/clients');
    let registryReads = 0;
    const stop = intercept(({ service, command, input }) => {
      // (marshalled by now: { ':p': { S: 'TASKS' } })
      if (service === 'dynamodb' && /Query/.test(command) && JSON.stringify(input.ExpressionAttributeValues ?? {}).includes('"TASKS"')) registryReads++;
    });
    try {
      const fixture = (name: string) => readFileSync(new URL(`../fixtures/reports/${name}`, import.meta.url));
      await upload('uploads/bo-xay-dung/reg-1.docx', fixture('bo-xay-dung.docx'));
      await env.stack.idle();
      const afterFirst = registryReads;
      await upload('uploads/bhxh-viet-nam/reg-2.pdf', fixture('bhxh.pdf'));
      await env.stack.idle();
      expect(registryReads).toBe(afterFirst); // unchanged registry: the cached copy
      await loadSeedRegistry(env.store); // an import (history kept; version moves)
      await env.store.putTasks([(await env.store.listTasks())[0]]);
      const beforeThird = registryReads;
      await upload('uploads/bo-noi-vu/reg-3.pdf', fixture('bo-noi-vu.pdf'));
      await env.stack.idle();
      expect(registryReads).toBeGreaterThan(beforeThird);
    } finally {
      stop();
    }
  });
});

describe('limits before parsing', () => {
  it('an object over the size limit is quarantined as too_large without being downloaded', async () => {
    const { processUpload } = await import('#shared/ingest/process-upload');
    const { defaultStages } = await import('#shared/ingest/stages');
    const { intercept } = await import('#shared/store/clients');
    const key = 'uploads/bo-tai-chinh/qua-lon.docx';
    const put = await env.blobs.put(key, sample('bo-tu-phap.docx'));
    await env.stack.idle(); // the default limit lets it through the normal path first
    const gets: string[] = [];
    const stop = intercept(({ service, command, input }) => {
      if (service === 's3' && command === 'GetObjectCommand') gets.push(String(input.Key));
    });
    try {
      // the same object under a deployment with a 10 kB limit (another ETag spelling: another report id)
      const out = await processUpload({ bucket: env.config.bucketName, key, etag: `${put.etag}-limit` }, {
        store: env.store, blobs: env.blobs, config: { limits: { maxBytes: 10_000 } }, stages: await defaultStages(),
      });
      expect(out.report).toMatchObject({ state: 'quarantined', error: { code: 'too_large' }, size: sample('bo-tu-phap.docx').length });
      expect(out.report.error?.messageVi).toBe(failureMessage('too_large', { bytes: sample('bo-tu-phap.docx').length, limit: 10_000 }));
      expect(gets).not.toContain(key);
      expect(await env.blobs.list(`quarantine/${out.report.id}/`)).toHaveLength(1);
    } finally {
      stop();
    }
  });
});

describe('the handler contract', () => {
  it('reports only the malformed record as a batch item failure', async () => {
    const { handler } = await import('../../functions/ingest');
    const { key, etag } = await upload('uploads/bo-y-te/lan-3.xlsx', sample('bo-y-te.xlsx'));
    await env.stack.idle();
    const good = newMessage(objectCreatedEvent({ bucket: env.config.bucketName, key, size: 1, etag }, env.config.region));
    const bad = newMessage({ 'detail-type': 'Object Created', detail: { bucket: {} } });
    const res = await handler(sqsEvent([good, bad], 'arn:aws:sqs:ap-southeast-1:000000000000:q', 'ap-southeast-1'),
      lambdaContext('intake-ingest-test', 'ap-southeast-1', 60_000));
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: bad.messageId }]);
  });

  it('moves a message that keeps failing to the dead-letter list after its receives', async () => {
    env.stack.deliverRaw('not json at all');
    await env.stack.idle();
    const dead = env.stack.deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ body: 'not json at all', receiveCount: 3 });
    expect(env.stack.redrive()).toBe(1);
    await env.stack.idle();
    expect(env.stack.deadLetters()).toHaveLength(1); // still poison after the redrive
  });
});
