/**
 * One Secrets Manager secret, read once at a cold start (the console's CSRF key: CONSOLE_SECRET_ARN, never the value
 * in the environment). A single signed GetSecretValue call over HTTPS — the AWS JSON protocol, SigV4 with the same
 * credential chain as the other adapters — so the functions need no further SDK client.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { z } from 'zod';
import type { Config } from '#shared/config';
import { dynamoClient } from './clients';

const SecretValue = z.object({ SecretString: z.string().min(1) });

export class SecretError extends Error {
  override readonly name = 'SecretError';
}

export async function readSecret(config: Config, secretId: string, opts: { endpoint?: string; fetch?: typeof fetch } = {}): Promise<string> {
  const endpoint = new URL(opts.endpoint ?? `https://secretsmanager.${config.region}.amazonaws.com/`);
  const client = dynamoClient(config); // for its credential chain and hash only; no DynamoDB call is made
  try {
    const signer = new SignatureV4({ service: 'secretsmanager', region: config.region, credentials: client.config.credentials, sha256: client.config.sha256 });
    const body = JSON.stringify({ SecretId: secretId });
    const signed = await signer.sign({
      method: 'POST', protocol: endpoint.protocol, hostname: endpoint.hostname, port: endpoint.port ? Number(endpoint.port) : undefined, path: '/', query: {},
      headers: { host: endpoint.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue' },
      body,
    });
    const res = await (opts.fetch ?? fetch)(new URL('/', endpoint), { method: 'POST', headers: signed.headers as Record<string, string>, body });
    const parsed = SecretValue.safeParse(res.ok ? await res.json() : undefined);
    // the secret's name and status only: never its value
    if (!parsed.success) throw new SecretError(`secret ${secretId.replace(/^.*:secret:/, '')}: HTTP ${res.status}`);
    return parsed.data.SecretString;
  } finally {
    client.destroy();
  }
}
