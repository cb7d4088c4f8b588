/**
 * readSecret: the one GetSecretValue call the console makes at a cold start, against a listener on loopback that
 * plays Secrets Manager (the JSON protocol): the call is SigV4-signed for the service, names the secret, returns
 * its string; a refusal is an error naming the secret, never a value.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config';
import { readSecret, SecretError } from '#shared/store/secrets';

let url = '';
let seen: { headers: IncomingMessage['headers']; body: string } | undefined;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    seen = { headers: req.headers, body };
    const id = (JSON.parse(body) as { SecretId: string }).SecretId;
    if (id.endsWith('missing')) {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'ResourceNotFoundException' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ ARN: id, SecretString: 'k'.repeat(48) }));
  });
});
beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  process.env.AWS_ACCESS_KEY_ID ??= 'AKIATEST';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const config = () => loadConfig({ TABLE_NAME: 't', IDEMPOTENCY_TABLE_NAME: 'i', BUCKET_NAME: 'bucket', AWS_REGION: 'ap-southeast-1' });

describe('readSecret', () => {
  it('makes one signed GetSecretValue call and returns the string', async () => {
    const arn = 'arn:aws:secretsmanager:ap-southeast-1:111111111111:secret:console-AbCdEf';
    expect(await readSecret(config(), arn, { endpoint: url })).toBe('k'.repeat(48));
    expect(seen!.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
    expect(seen!.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(String(seen!.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/ap-southeast-1\/secretsmanager\/aws4_request, SignedHeaders=[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/);
    expect(JSON.parse(seen!.body)).toEqual({ SecretId: arn });
  });

  it('turns a refusal into an error that names the secret, not a value', async () => {
    const err = await readSecret(config(), 'arn:aws:secretsmanager:ap-southeast-1:1:secret:missing', { endpoint: url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretError);
    expect((err as Error).message).toBe('secret missing: HTTP 400');
  });
});
