/**
 * An S3 object the function cannot read, for good: retried on each receive, then dead-lettered with its reason —
 * and the operator's tools, run as an operator runs them (`intake dlq list`, `intake dlq redrive`, child
 * processes on the same data dir), bring it back once the cause is fixed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { agencyDirectory } from '#shared/agencies';
import { loadSeedRegistry, seedRegistry } from '#shared/registry';
import { intercept } from '#shared/store/clients';
import { Report } from '#shared/domain/report';
import { startTestStack } from '#testkit/local-stack';
import { generateReport } from '#testkit/reports';
import { upload } from '#testkit/resilience-world';
import { intakeOk } from '#testkit/cli';

const dataDir = mkdtempSync(join(tmpdir(), 'intake-dlq-'));
const intake = (...args: string[]) => intakeOk([...args, '--data-dir', dataDir]);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('S3 read errors: retried per receive, dead-lettered with the reason, listed and redriven by `intake dlq`', async () => {
  const f = await generateReport(seedRegistry(), 600, { rows: 25, names: (id) => agencyDirectory().get(id)?.name });
  const env = await startTestStack({ dataDir });
  let up: Awaited<ReturnType<typeof upload>>;
  let reads = 0;
  const stop = intercept(({ service, command, input }) => {
    if (service === 's3' && command === 'GetObjectCommand' && input.Key === f.key) {
      reads++;
      throw Object.assign(new Error('Access Denied (injected)'), { name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } });
    }
  });
  try {
    await loadSeedRegistry(env.store);
    up = await upload(env, f.key, f.bytes);
    await env.stack.idle();
    expect(reads).toBe(3); // one read per receive (403 is not retried by the SDK), maxReceiveCount 3
    expect(env.stack.deadLetters()).toHaveLength(1);
    expect(await env.store.getReport(up.id)).toMatchObject({ state: 'failed', error: { code: 'dead_lettered' } });
  } finally {
    stop();
    await env.stop(); // the local DLQ persists in <data-dir>/dlq.json
  }

  const listed = JSON.parse((await intake('dlq', 'list', '--json')).stdout) as Array<Record<string, unknown>>;
  expect(listed).toHaveLength(1);
  expect(listed[0]).toMatchObject({ key: f.key, receiveCount: 3 });
  expect(String(listed[0]!.reason)).toMatch(/AccessDenied/); // the cause, not only "batch item failure"
  const text = (await intake('dlq', 'list')).stdout;
  expect(text).toContain(f.key);

  // the operator fixed the permission (the fault is gone in the CLI's own process) and redrives
  expect((await intake('dlq', 'redrive')).stdout).toMatch(/Đã đưa lại 1 sự kiện/);
  expect(JSON.parse((await intake('dlq', 'list', '--json')).stdout)).toEqual([]);
  const reports = Report.array().parse(JSON.parse((await intake('reports', 'list', '--json')).stdout));
  const r = reports.find((x) => x.id === up!.id)!;
  expect(r).toMatchObject({ state: 'processed', key: f.key, counts: { rows: f.rows } });
  expect(r.error).toBeUndefined();
  expect(reports.filter((x) => x.key === f.key)).toHaveLength(1);
});
