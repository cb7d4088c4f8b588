/**
 * The round links' signing key where it is not in the environment: on AWS, AGENCY_LINK_SECRET_ARN names a Secrets
 * Manager secret, read once per process (cold start) and kept in memory — the web function, the daily run
 * (reminders) and `intake --aws` all sign with it. Locally the key is in the environment already (the data dir's
 * agency-link.key, set by the local stack).
 */
import type { Config } from '#shared/config';
import { readSecret } from '#shared/store/secrets';

const cache = new Map<string, Promise<string>>();

export async function withAgencyLinkSecret<C extends Pick<Config, 'agencyLinks'> & Config>(config: C, read: typeof readSecret = readSecret): Promise<C> {
  const { secret, secretArn } = config.agencyLinks;
  if (secret || !secretArn) return config;
  let value = cache.get(secretArn);
  if (!value) {
    value = read(config, secretArn);
    cache.set(secretArn, value);
    value.catch(() => cache.delete(secretArn)); // a failed read is tried again next time
  }
  return { ...config, agencyLinks: { ...config.agencyLinks, secret: await value } };
}
