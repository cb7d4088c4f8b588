/** The round links' key on AWS: read from Secrets Manager once per process, kept; a failed read is tried again. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config';
import { withAgencyLinkSecret } from '#shared/rounds/secret';

const base = { TABLE_NAME: 't', IDEMPOTENCY_TABLE_NAME: 'i', BUCKET_NAME: 'bucket' };

describe('withAgencyLinkSecret', () => {
  it('keeps a key given in the environment and reads nothing', async () => {
    const config = loadConfig({ ...base, AGENCY_LINK_SECRET: 'k'.repeat(40), AGENCY_LINK_SECRET_ARN: 'arn:aws:secretsmanager:x:1:secret:a' });
    let reads = 0;
    const got = await withAgencyLinkSecret(config, async () => { reads += 1; return 'other'; });
    expect(got.agencyLinks.secret).toBe('k'.repeat(40));
    expect(reads).toBe(0);
  });

  it('reads the secret named by the ARN once, and again after a failure', async () => {
    const config = loadConfig({ ...base, AGENCY_LINK_SECRET_ARN: 'arn:aws:secretsmanager:x:1:secret:b' });
    expect(config.agencyLinks.secret).toBeUndefined();
    let reads = 0;
    const failing = async () => { reads += 1; throw new Error('denied'); };
    await expect(withAgencyLinkSecret(config, failing)).rejects.toThrow('denied');
    const ok = async (_c: unknown, id: string) => { reads += 1; return `value-of-${id}`.padEnd(40, '-'); };
    const a = await withAgencyLinkSecret(config, ok);
    const b = await withAgencyLinkSecret(config, ok);
    expect(a.agencyLinks.secret).toMatch(/^value-of-arn:aws:secretsmanager:x:1:secret:b/);
    expect(b.agencyLinks.secret).toBe(a.agencyLinks.secret);
    expect(reads).toBe(2);
  });

  it('without a key nor an ARN the config is as it was (the page says it is not configured)', async () => {
    const config = loadConfig(base);
    expect(await withAgencyLinkSecret(config)).toBe(config);
  });
});
