/**
 * The embedded local stack for tests: real dynalite, s3rver and aws-ses-v2-local on loopback, in memory.
 *
 *   const env = useLocalStack();                 // in a describe/file: starts before all, stops after all
 *   it('…', async () => { await env.store.getReport(id); await env.stack.idle(); });
 *
 * or, by hand: `const t = await startTestStack(); … await t.stop();`
 * The stack sets process.env (table/bucket names, endpoints) while it runs, so handlers and `loadConfig()`
 * see it exactly as they would in Lambda.
 */
import { afterAll, beforeAll } from 'vitest';
import { loadConfig, type Config } from '#shared/config';
import { startLocalStack, type LocalStack, type StartLocalStackOptions } from '#local/stack';
import type { Mailer } from '#shared/mail/mailer';
import { sesMailer } from '#shared/mail/ses';
import { guardMailer } from '#shared/recipients/guard';
import type { Blobs } from '#shared/store/blobs';
import { s3Blobs } from '#shared/store/s3';
import { dynamoStore } from '#shared/store/dynamo';
import type { Store } from '#shared/store/records';
import { s3UploadLinks } from '#shared/store/presign';
import type { UploadLinks } from '#shared/store/upload-links';

export interface TestStack {
  stack: LocalStack;
  config: Config;
  store: Store;
  blobs: Blobs;
  mailer: Mailer;
  links: UploadLinks;
  stop(): Promise<void>;
}

export async function startTestStack(opts: StartLocalStackOptions = {}): Promise<TestStack> {
  const stack = await startLocalStack({ dataDir: null, ...opts });
  const config = loadConfig(stack.env);
  const store = dynamoStore(config);
  return {
    stack,
    config,
    store,
    blobs: s3Blobs(config),
    mailer: guardMailer(sesMailer(config), store),
    links: s3UploadLinks(config),
    stop: () => stack.stop(),
  };
}

/** Starts one stack for the enclosing file/describe; the returned object is filled in before the first test. */
export function useLocalStack(opts: StartLocalStackOptions = {}): TestStack {
  const holder = {} as TestStack;
  beforeAll(async () => {
    Object.assign(holder, await startTestStack(opts));
  });
  afterAll(async () => {
    await holder.stop?.();
  });
  return holder;
}
