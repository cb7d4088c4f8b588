/**
 * Where a CLI command's storage lives:
 *  - `--aws` (or TABLE_NAME + an AWS profile/region in the environment): the deployed stack, names from env;
 *  - a running `intake serve` on the same data dir: its emulators (found through <data-dir>/serve.json);
 *  - otherwise the embedded local stack, started here on <data-dir> (default .local) and stopped afterwards.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { awsTarget, loadConfig, type Config } from '#shared/config';
import type { LocalStack } from '#local/stack';
import type { Mailer } from '#shared/mail/mailer';
import type { Blobs } from '#shared/store/blobs';
import type { Store } from '#shared/store/records';
import type { UploadLinks } from '#shared/store/upload-links';

export interface CliContext {
  store: Store;
  blobs: Blobs;
  mailer: Mailer;
  links: UploadLinks;
  config: Config;
  /** the embedded stack, when this command started it. */
  stack?: LocalStack;
  /** where the data is: 'embedded' (started here), 'serve' (a running `intake serve`), 'aws'. */
  mode: 'embedded' | 'serve' | 'aws';
  dataDir: string;
}

export const GlobalOptions = z.object({
  dataDir: z.string().min(1).default('.local'),
  aws: z.boolean().optional(),
});

const ServeFile = z.object({ pid: z.number().int(), env: z.record(z.string(), z.string()) });

export function serveFile(dataDir: string): string {
  return join(resolve(dataDir), 'serve.json');
}

/** Records a running `intake serve` so other commands use its emulators (LevelDB allows one process). */
export function announceServe(dataDir: string, env: Record<string, string>): () => void {
  const file = serveFile(dataDir);
  writeFileSync(file, JSON.stringify({ pid: process.pid, env }));
  return () => rmSync(file, { force: true });
}

async function runningServe(dataDir: string): Promise<Record<string, string> | undefined> {
  const file = serveFile(dataDir);
  if (!existsSync(file)) return undefined;
  const parsed = ServeFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) return undefined;
  try {
    process.kill(parsed.data.pid, 0);
    const res = await fetch(`${parsed.data.env.AWS_ENDPOINT_URL_SESV2}/health-check`, { signal: AbortSignal.timeout(1000) });
    if (res.ok) return parsed.data.env;
  } catch {
    // stale file: the serve process is gone
  }
  rmSync(file, { force: true });
  return undefined;
}


/** The store, bucket, mailer and upload links for a configuration (also what `intake serve` gives the console). */
export async function adapters(config: Config) {
  const { dynamoStore } = await import('#shared/store/dynamo');
  const { s3Blobs } = await import('#shared/store/s3');
  const { sesMailer } = await import('#shared/mail/ses');
  const { s3UploadLinks } = await import('#shared/store/presign');
  const { guardMailer } = await import('#shared/recipients/guard');
  const store = dynamoStore(config);
  return { store, blobs: s3Blobs(config), mailer: guardMailer(sesMailer(config), store), links: s3UploadLinks(config) };
}

export async function withStore<T>(cmd: Command, fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const opts = GlobalOptions.parse(cmd.optsWithGlobals());
  const dataDir = resolve(opts.dataDir);

  const aws = awsTarget();
  if (opts.aws || aws.wanted) {
    if (!aws.endpointsGiven) {
      // names not given: take them from the deployed stack's outputs (INTAKE_STACK_NAME, default DeAn06Intake)
      const { namesFromStack } = await import('#shared/store/stack-outputs');
      Object.assign(process.env, await namesFromStack(aws.stackName, aws.names));
    }
    const loaded = loadConfig(process.env);
    // round links (templates send, intake round link): the signing key from AGENCY_LINK_SECRET_ARN when readable
    const { withAgencyLinkSecret } = await import('#shared/rounds/secret');
    const config = await withAgencyLinkSecret(loaded).catch(() => loaded);
    return fn({ ...(await adapters(config)), config, mode: 'aws', dataDir });
  }

  const served = await runningServe(dataDir);
  if (served) {
    const saved = { ...process.env };
    Object.assign(process.env, served);
    try {
      const config = loadConfig(process.env);
      return await fn({ ...(await adapters(config)), config, mode: 'serve', dataDir });
    } finally {
      for (const k of Object.keys(served)) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  }

  const { startLocalStack } = await import('#local/stack');
  const stack = await startLocalStack({ dataDir });
  try {
    const config = loadConfig(process.env);
    return await fn({ ...(await adapters(config)), config, stack, mode: 'embedded', dataDir });
  } finally {
    await stack.stop();
  }
}

/**
 * An agency given on the command line: an id, or any name or abbreviation the agency directory knows
 * ("Bộ Tư pháp", "BTP"). Without the directory, a kebab-case text is taken as the id.
 */
export async function resolveAgencyArg(text: string): Promise<string> {
  const { defaultStages } = await import('#shared/ingest/stages');
  const stages = await defaultStages();
  const id = stages.resolveAgency?.(text.normalize('NFC').trim());
  if (id) return id;
  if (!stages.resolveAgency && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(text)) return text;
  throw Object.assign(new Error(`unknown agency: ${text}`), { messageVi: `Không nhận ra cơ quan "${text}"` });
}
