/**
 * A handler killed outright — Lambda timeout or out of memory: no exception, no cleanup. It leaves Powertools'
 * idempotency record IN_PROGRESS and a report half stored. SQS shows the message again after the visibility
 * timeout (6× the function timeout in infra/stack.ts); by then the in-progress record has expired (its expiry
 * is the invocation's remaining time), so the redelivery runs and completes the report, once.
 */
import { beforeAll, expect, it } from 'vitest';
import { agencyDirectory } from '#shared/agencies';
import { newMessage, objectCreatedEvent, sqsEvent } from '#local/events';
import { lambdaContext } from '#local/queue';
import { loadSeedRegistry, seedRegistry } from '#shared/registry';
import { intercept } from '#shared/store/clients';
import { useLocalStack } from '#testkit/local-stack';
import { generateReport } from '#testkit/reports';
import { expectExactlyOnce, setContacts, upload } from '#testkit/resilience-world';

// events are delivered by hand here: the first invocation is called directly and never returns
const env = useLocalStack({ deliverEvents: false });

beforeAll(async () => {
  await loadSeedRegistry(env.store);
  await setContacts(env);
});

it('the redelivery after the function timeout completes the half-stored report with no duplicates', async () => {
  const { handler } = await import('../../functions/ingest');
  const f = await generateReport(seedRegistry(), 300, { rows: 60, names: (id) => agencyDirectory().get(id)?.name });
  const up = await upload(env, f.key, f.bytes);
  const ref = { bucket: env.config.bucketName, key: up.key, size: up.size, etag: up.etag };

  let batches = 0;
  const stop = intercept((call) => {
    if (call.service === 'dynamodb' && /BatchWrite/.test(call.command) && ++batches === 2) {
      return new Promise<void>(() => undefined); // the process is gone: this call never returns
    }
  });
  const timeoutMs = 500;
  void handler(sqsEvent([newMessage(objectCreatedEvent(ref, env.config.region))], 'arn:aws:sqs:ap-southeast-1:000000000000:intake-ingest', env.config.region),
    lambdaContext('intake-ingest', env.config.region, timeoutMs));
  for (let i = 0; i < 250 && batches < 2; i++) await new Promise((r) => setTimeout(r, 20));
  stop();
  expect(batches, 'killed after the first 25 rows').toBe(2);
  expect((await env.store.getReport(up.id))?.state).toBe('received');
  expect((await env.store.listRows(up.id)).length).toBe(25);

  // a redelivery while the killed invocation's record is still in progress is refused (and comes back later)
  env.stack.deliverUploadEvents([ref]);
  await new Promise((r) => setTimeout(r, timeoutMs + 200));
  await env.stack.idle();
  await expectExactlyOnce(env, up, { expectedRows: f.rows });
  expect(env.stack.deadLetters()).toHaveLength(0);
});
