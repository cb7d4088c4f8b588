/**
 * AWS misbehaving under a burst, injected at the SDK middleware seam of the real clients (shared/store/clients.ts):
 * throttling scattered over every DynamoDB call of several reports at once (data and idempotency tables), and S3
 * read errors that clear up (within the SDK's retries, or on SQS's next receive). Nothing lost, nothing twice.
 * (tests/integration/faults.test.ts covers 3 throttled writes of one report and the permanent S3 error.)
 */
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { agencyDirectory } from '#shared/agencies';
import { loadSeedRegistry, seedRegistry } from '#shared/registry';
import { intercept } from '#shared/store/clients';
import { useLocalStack } from '#testkit/local-stack';
import { generateReport, prng } from '#testkit/reports';
import { expectExactlyOnce, setContacts, upload } from '#testkit/resilience-world';

const env = useLocalStack();
const tasks = seedRegistry();
const names = (id: string) => agencyDirectory().get(id)?.name;

beforeAll(async () => {
  await loadSeedRegistry(env.store);
  await setContacts(env);
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

describe('DynamoDB throttling during a burst', () => {
  it('every kind of call throttled at least once, then one in six, both tables: retried with backoff, every report complete once', async () => {
    const files = await Promise.all(Array.from({ length: 4 }, (_, i) => generateReport(tasks, 400 + i, { rows: 30, names })));
    const rnd = prng(17);
    const kinds = new Map<string, number>();
    const lastAttempt = new Map<string, number>();
    const gaps: number[] = [];
    let calls = 0;
    const stop = intercept(({ service, command, input }) => {
      if (service !== 'dynamodb') return;
      calls++;
      const id = `${command} ${JSON.stringify(input)}`;
      const prev = lastAttempt.get(id);
      if (prev !== undefined) gaps.push(Date.now() - prev); // a retry of a call we throttled
      lastAttempt.delete(id);
      const kind = `${command}:${String(input.TableName ?? Object.keys((input.RequestItems as object) ?? {}).join(','))}`;
      // the first call of every kind (command × table) is throttled for sure, then one call in six at random
      if (!kinds.has(kind) || rnd() < 1 / 6) {
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        lastAttempt.set(id, Date.now());
        throw new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput (injected)', $metadata: { httpStatusCode: 400 } });
      }
    });
    let ups;
    try {
      ups = [];
      for (const f of files) ups.push({ ...(await upload(env, f.key, f.bytes)), rows: f.rows });
      await env.stack.idle();
    } finally {
      stop();
    }
    const throttled = [...kinds.values()].reduce((a, b) => a + b, 0);
    expect(throttled).toBeGreaterThan(10);
    expect([...kinds.keys()].some((k) => k.includes('idempotency'))).toBe(true);
    expect([...kinds.keys()].some((k) => k.startsWith('BatchWrite'))).toBe(true);
    // backoff: a throttled call is not retried at once (the SDK's throttling base delay is 500 ms, full jitter)
    expect(gaps.length).toBeGreaterThan(5);
    expect(median(gaps)).toBeGreaterThan(50);
    for (const u of ups) await expectExactlyOnce(env, u, { expectedRows: u.rows });
    expect(env.stack.deadLetters()).toHaveLength(0);
    expect(calls).toBeGreaterThan(throttled);
  });
});

describe('S3 read errors that clear up', () => {
  it('503 SlowDown on the first reads is absorbed by the SDK retries; a 500 on a whole receive by the next receive', async () => {
    const [a, b] = await Promise.all([generateReport(tasks, 500, { rows: 20, names }), generateReport(tasks, 501, { rows: 20, names })]);
    const seen = new Map<string, number>();
    const stop = intercept(({ service, command, input }) => {
      if (service !== 's3' || command !== 'GetObjectCommand') return;
      const n = (seen.get(String(input.Key)) ?? 0) + 1;
      seen.set(String(input.Key), n);
      if (input.Key === a.key && n <= 2) {
        throw Object.assign(new Error('Please reduce your request rate (injected)'), { name: 'SlowDown', $fault: 'server', $metadata: { httpStatusCode: 503 } });
      }
      // every attempt of the first receive (the SDK tries 8 times), then fine
      if (input.Key === b.key && n <= 8) {
        throw Object.assign(new Error('We encountered an internal error (injected)'), { name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 } });
      }
    });
    try {
      const ua = await upload(env, a.key, a.bytes);
      const ub = await upload(env, b.key, b.bytes);
      await env.stack.idle();
      expect(seen.get(a.key)).toBe(3);
      expect(seen.get(b.key)).toBe(9);
      await expectExactlyOnce(env, ua, { expectedRows: a.rows });
      await expectExactlyOnce(env, ub, { expectedRows: b.rows });
      expect(env.stack.deadLetters()).toHaveLength(0);
    } finally {
      stop();
    }
  });
});
