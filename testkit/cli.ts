/**
 * The one way tests run the `intake` CLI.
 *
 * - `intake(...)` / `intakeAsync(...)`: a child process (`node bin/intake.mjs …`) with a scrubbed environment: no
 *   AWS credentials, profile, region or endpoint, no table/bucket/stack names and no INTAKE_/INGEST_ settings
 *   from the machine, so that no test can ever reach a deployed stack because the developer's shell has one set.
 * - `runIntakeInProcess(...)`: `main()` in this process, stdout/stderr captured — for commands that touch no
 *   storage, or tests that started their own local stack (which sets the environment it needs).
 */
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';

export const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'intake.mjs');

/** Environment variables that could point the CLI at a real account or change what it does. */
const SCRUB = /^(AWS_|TABLE_NAME$|BUCKET_NAME$|IDEMPOTENCY_TABLE_NAME$|INTAKE_|INGEST_|DIGEST_|INBOUND_|SES_|CDK_|POWERTOOLS_)/;

/** process.env without anything that names an AWS account, profile, stack or setting; plus `extra`. */
export function scrubbedEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!SCRUB.test(k)) env[k] = v;
  // a profile in ~/.aws must not be picked up either
  env.AWS_CONFIG_FILE = join(ROOT, '.no-aws-config');
  env.AWS_SHARED_CREDENTIALS_FILE = join(ROOT, '.no-aws-credentials');
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** added to (or, when undefined, removed from) the scrubbed environment. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeout?: number;
  input?: string;
}

/** Runs `intake ARGS…` and waits for it (synchronously). Never throws on a non-zero exit: look at `code`. */
export function intake(args: string[], opts: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT, env: scrubbedEnv(opts.env), encoding: 'utf8', timeout: opts.timeout ?? 120_000, input: opts.input,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `intake ARGS…` without blocking the test's event loop (a local stack in the test keeps serving). */
export function intakeAsync(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT, env: scrubbedEnv(opts.env), encoding: 'utf8', timeout: opts.timeout ?? 120_000, maxBuffer: 64 * 1024 * 1024,
    }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      if (err && (err as { killed?: boolean }).killed) reject(Object.assign(err, { stdout, stderr }));
      else resolve({ code, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/**
 * Runs `main()` of the CLI in this process; stdout and stderr captured. The exit code is returned and also left in
 * process.exitCode, as the command set it.
 */
export async function runIntakeInProcess(args: string[]): Promise<CliResult> {
  const { main } = await import('#cli/main');
  const out: string[] = [];
  const err: string[] = [];
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out.push(String(chunk)); return true; });
  const se = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { err.push(String(chunk)); return true; });
  let code: number;
  try {
    process.exitCode = 0;
    await main(['node', 'intake', ...args]);
    code = Number(process.exitCode ?? 0);
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** `intakeAsync`, rejecting (like execFile) with the result when the exit code is not 0. */
export async function intakeOk(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const r = await intakeAsync(args, opts);
  if (r.code !== 0) throw Object.assign(new Error(`intake ${args.join(' ')} exited with ${r.code}: ${r.stderr}`), r);
  return r;
}
