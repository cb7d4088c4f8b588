/**
 * zod at every boundary: whatever reaches a handler that is not its event is rejected with a clear, named error
 * (never a TypeError from deep inside), and in a batch only the malformed record fails — the rest go through.
 * Also the configuration (environment) boundary.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config';
import { reportIdFor } from '#shared/ingest/process-upload';
import { newMessage, objectCreatedEvent, sqsEvent } from '#local/events';
import { lambdaContext } from '#local/queue';
import { useLocalStack } from '#testkit/local-stack';

const env = useLocalStack({ deliverEvents: false });
const ctx = () => lambdaContext('intake-test', 'ap-southeast-1', 60_000);
type Handler = (e: unknown, c?: unknown) => Promise<unknown>;
const handlers: Record<'ingest' | 'inbound' | 'digest', Handler> = {} as never;

beforeAll(async () => {
  handlers.ingest = (await import('../../functions/ingest')).handler as Handler;
  handlers.inbound = (await import('../../functions/inbound-email')).handler as Handler;
  handlers.digest = (await import('../../functions/digest')).handler as Handler;
});

// not events at all, and events of the wrong service
const sqsRecord = { messageId: 'm1', receiptHandle: 'r', body: '{}', attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:ap-southeast-1:000000000000:q', awsRegion: 'ap-southeast-1' };
const NOT_EVENTS: Array<[string, unknown]> = [
  ['null', null], ['undefined', undefined], ['{}', {}], ['[]', []], ['a string', 'Records'], ['a number', 42],
  ['Records: null', { Records: null }], ['Records: "x"', { Records: 'x' }], ['Records: []', { Records: [] }],
  ['Records: [null]', { Records: [null] }], ['Records: [{}]', { Records: [{}] }],
  ['an S3 notification', { Records: [{ eventSource: 'aws:s3', s3: { bucket: { name: 'b' }, object: { key: 'uploads/x' } } }] }],
  ['a scheduler payload', { source: 'scheduler', kind: 'daily-digest' }],
  ['an SQS batch', { Records: [sqsRecord] }],
];
const EXPECT: Record<keyof typeof handlers, { rejects: RegExp; accepts?: string[] }> = {
  ingest: { rejects: /^invalid (SQS event|upload event)|All records failed/, accepts: [] },
  inbound: { rejects: /^invalid SES event/ },
  digest: { rejects: /^invalid digest event/, accepts: ['a scheduler payload'] },
};

describe.each(Object.keys(EXPECT) as Array<keyof typeof handlers>)('the %s handler', (name) => {
  it.each(NOT_EVENTS.filter(([label]) => !EXPECT[name].accepts?.includes(label)).filter(([label]) => !(name === 'ingest' && label === 'an SQS batch')))(
    'rejects %s with a clear error, not a crash', async (_label, event) => {
      const err = await handlers[name](event, ctx()).then(() => undefined, (e: unknown) => e as Error);
      expect(err, 'it must not accept it').toBeInstanceOf(Error);
      expect(err!.name).not.toMatch(/TypeError|RangeError|SyntaxError|ReferenceError/);
      expect(err!.message).toMatch(EXPECT[name].rejects);
    },
  );
});

describe('the ingest handler, record by record', () => {
  it('fails exactly the malformed records of a batch; the good one is processed', async () => {
    const key = 'uploads/bo-tu-phap/tot.docx';
    const put = await env.blobs.put(key, new Uint8Array(readFileSync(new URL('../../seeds/samples/bo-tu-phap.docx', import.meta.url))));
    const good = newMessage(objectCreatedEvent({ bucket: env.config.bucketName, key, size: 1, etag: put.etag }, env.config.region));
    const valid = objectCreatedEvent({ bucket: env.config.bucketName, key: 'uploads/x/y.docx', size: 1 }, env.config.region);
    const bad = [
      'not json',
      JSON.stringify({ Records: [{ eventSource: 'aws:s3' }] }), // an S3 notification, not EventBridge
      JSON.stringify({ ...valid, 'detail-type': 'Object Created', detail: { ...valid.detail, object: { size: 1 } } }), // no key
      JSON.stringify({ ...valid, detail: { ...valid.detail, object: { ...valid.detail.object, key: 42 } } }), // key not text
      JSON.stringify({ ...valid, detail: { ...valid.detail, bucket: {} } }),
      JSON.stringify(null),
    ].map(newMessage);
    const res = await handlers.ingest(sqsEvent([good, ...bad], 'arn:aws:sqs:ap-southeast-1:000000000000:q', env.config.region), ctx()) as { batchItemFailures: Array<{ itemIdentifier: string }> };
    expect(res.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(bad.map((m) => m.messageId).sort());
    expect(await env.store.getReport(reportIdFor({ bucket: env.config.bucketName, key, etag: put.etag }))).toMatchObject({ state: 'processed' });
  });
});

describe('the configuration', () => {
  it('names every missing or malformed variable instead of failing later', () => {
    expect(() => loadConfig({})).toThrow(/TABLE_NAME/);
    let message = '';
    try { loadConfig({ ...env.stack.env, BUCKET_NAME: 'x', TABLE_NAME: '', AWS_ENDPOINT_URL_S3: 'not a url', INTAKE_MAX_BYTES: '-5' }); } catch (e) { message = (e as Error).message; }
    for (const v of ['BUCKET_NAME', 'TABLE_NAME', 'AWS_ENDPOINT_URL_S3', 'INTAKE_MAX_BYTES']) expect(message).toMatch(v);
    expect(loadConfig(env.stack.env).tableName).toBe(env.stack.env.TABLE_NAME);
  });
});
