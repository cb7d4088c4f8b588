/**
 * The embedded local AWS stack — no Docker: dynalite (DynamoDB), s3rver (S3) and aws-ses-v2-local (SES) run
 * in this process on random loopback ports. Tables and bucket are created from the same definitions as the CDK
 * stack. s3rver's object-created notifications for uploads/ become the EventBridge "Object Created" event,
 * wrapped in an SQS record, and are handed to the real handler of functions/ingest.ts (batch, idempotency and
 * all), with SQS-like retries and a dead-letter list.
 *
 * Data lives under `dataDir` (dynamodb/, s3/, ses/, dlq.json, dlq-ocr.json); `dataDir: null` keeps everything in memory
 * (S3 in a temporary directory removed on stop).
 */
import { CreateTableCommand, DeleteItemCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException, ScanCommand } from '@aws-sdk/client-dynamodb';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { useOcrQueue } from '#shared/ingest/ocr-queue';
import { localLogLevel } from '#shared/config';
import { INGEST_MAX_RECEIVES, INGEST_RULE } from '#shared/ingest/prefixes';
import { createTableInput, IDEMPOTENCY_TABLE, MAIN_TABLE } from '#shared/store/schema';
import { objectCreatedEvent, type ObjectCreated, type S3ObjectCreatedEventBridgeEvent } from './events';
import { LocalQueue, type DeadLetter, type SqsHandler } from './queue';

const require = createRequire(import.meta.url);

export const LOCAL_NAMES = {
  table: 'intake',
  idempotencyTable: 'intake-idempotency',
  bucket: 'intake-local',
  region: 'ap-southeast-1',
  sender: 'tong-hop@de-an-06.local',
  secretariat: 'to-cong-tac@de-an-06.local',
  inbound: 'bao-cao@de-an-06.local',
  ingestQueue: 'intake-ingest',
  ocrQueue: 'intake-ocr',
} as const;

export interface StartLocalStackOptions {
  /** where data persists; null = in memory. Default `.local`. */
  dataDir?: string | null;
  /** hand s3rver's upload events to the ingest handler (default true). */
  deliverEvents?: boolean;
  /** the SQS handler for upload events (default: functions/ingest.ts `handler`). */
  ingestHandler?: () => Promise<SqsHandler>;
  /** run scanned PDFs through the OCR function behind its own queue (default true; false: scans are quarantined). */
  ocr?: boolean;
  /** copy `env` into process.env while the stack runs, restored on stop (default true). */
  applyEnv?: boolean;
  /** SQS emulation: receives before a message moves to the dead-letter list (default 3). */
  maxReceiveCount?: number;
}

export interface LocalStack {
  /** the environment to run handlers with: table/bucket names, addresses, SDK endpoints, dummy credentials. */
  env: Record<string, string>;
  /** aws-ses-v2-local's web UI (sent mail); its JSON is at `${sesUrl}/store`. */
  sesUrl: string;
  endpoints: { dynamodb: string; s3: string; sesv2: string };
  dataDir: string | null;
  /** turn created objects into the deployed event and queue them for the ingest handler. */
  deliverUploadEvents(objects: ObjectCreated[], opts?: { times?: number }): void;
  /** queue an EventBridge event (or any SQS message body) as is — e.g. the same event twice. */
  deliverRaw(body: unknown): void;
  /** resolves when every delivered event has been processed (or dead-lettered). */
  idle(): Promise<void>;
  /** messages that failed `maxReceiveCount` times (the ingest queue's, or the OCR queue's). */
  deadLetters(queue?: 'ingest' | 'ocr'): DeadLetter[];
  /** re-queue the dead letters (operators' redrive); returns how many. */
  redrive(queue?: 'ingest' | 'ocr'): number;
  /** mail sent through local SES so far (aws-ses-v2-local's store). */
  sentMail(): SesEmail[];
  stop(): Promise<void>;
}

export interface SesEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: Array<{ filename?: string; contentType: string; size: number; content: string }>;
  at: number;
}

interface SesModule {
  default: (config: { host: string; port: number }) => Promise<Server>;
}
interface SesStoreModule {
  getStoreReadonly(): { emails: SesEmail[] };
  saveEmail(email: SesEmail): void;
}

/** Callbacks run as aws-ses-v2-local stores each sent mail (its store is one per process, so the hook is too). */
const mailListeners = new Set<(e: SesEmail) => void>();
function onMailSaved(store: SesStoreModule, fn: (e: SesEmail) => void): () => void {
  const hooked = store as SesStoreModule & { __intakeHooked?: boolean };
  if (!hooked.__intakeHooked) {
    const save = store.saveEmail;
    // the emulator's handlers call `store_1.saveEmail(…)` through the exports object, so this wrapper sees every send
    store.saveEmail = (email) => { save(email); for (const l of mailListeners) l(email); };
    hooked.__intakeHooked = true;
  }
  mailListeners.add(fn);
  return () => { mailListeners.delete(fn); };
}
interface SesEmlModule {
  createEmlContent(email: SesEmail): Promise<{ messageId: string; body: Buffer }>;
}

/** The round links' HMAC key: <dataDir>/agency-link.key (created once, owner-only), or a fresh one in memory. */
function agencyLinkSecret(dataDir: string | null): string {
  if (!dataDir) return randomBytes(32).toString('base64url');
  const file = join(dataDir, 'agency-link.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  return readFileSync(file, 'utf8').trim();
}

/** Where the .eml copy of a sent mail is kept (under <dataDir>/ses/). */
export function emlPath(dataDir: string, messageId: string): string {
  return join(dataDir, 'ses', `${messageId.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`);
}

/** Writes the .eml of each given mail not yet on disk, and the JSON of all mail (reloaded by the next run). */
async function persistMail(dataDir: string, mailFile: string, mails: SesEmail[], all: SesEmail[]): Promise<void> {
  mkdirSync(join(mailFile, '..'), { recursive: true });
  writeFileSync(mailFile, JSON.stringify(all));
  const eml = require('aws-ses-v2-local/dist/emlFile') as SesEmlModule;
  for (const e of mails) {
    const file = emlPath(dataDir, e.messageId);
    if (!existsSync(file)) writeFileSync(file, (await eml.createEmlContent(e)).body);
  }
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((ok) => {
    server.close(() => ok());
    (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}

async function ensureTables(env: Record<string, string>): Promise<void> {
  const client = new DynamoDBClient({
    region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
  });
  try {
    for (const [name, def] of [[env.TABLE_NAME, MAIN_TABLE], [env.IDEMPOTENCY_TABLE_NAME, IDEMPOTENCY_TABLE]] as const) {
      try {
        await client.send(new DescribeTableCommand({ TableName: name }));
      } catch (err) {
        if (!(err instanceof ResourceNotFoundException) && (err as Error).name !== 'ResourceNotFoundException') throw err;
        await client.send(new CreateTableCommand(createTableInput(name, def)));
      }
      for (let i = 0; i < 100; i++) {
        const d = await client.send(new DescribeTableCommand({ TableName: name }));
        if (d.Table?.TableStatus === 'ACTIVE') break;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    await releaseStaleInProgress(client, env.IDEMPOTENCY_TABLE_NAME!);
  } finally {
    client.destroy();
  }
}

/**
 * The data dir is this process's alone (its lock was checked), so an idempotency record still "in progress" was
 * left by a process that died mid-way (Ctrl-C, a crash): released now, so its object is taken over at once
 * rather than after the Lambda timeout the record carries. (In AWS the timeout is the right rule: another
 * invocation may really be working on it.)
 */
async function releaseStaleInProgress(client: DynamoDBClient, table: string): Promise<number> {
  let released = 0;
  let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({
      TableName: table, FilterExpression: '#s = :p', ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':p': { S: 'INPROGRESS' } }, ExclusiveStartKey: start,
    }));
    for (const item of page.Items ?? []) {
      if (!item.id) continue;
      await client.send(new DeleteItemCommand({ TableName: table, Key: { id: item.id } }));
      released++;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return released;
}

/** Thrown when another process holds the data dir. */
export class DataDirBusyError extends Error {
  override readonly name = 'DataDirBusyError';
  readonly messageVi: string;
  constructor(readonly dir: string) {
    super(`the local data in ${dir} is in use by another intake process; wait for it, or run \`intake serve\` and let other commands use it`);
    this.messageVi = `Dữ liệu cục bộ ở ${dir} đang được một lệnh intake khác dùng; hãy chờ lệnh đó xong, hoặc chạy \`intake serve\` để các lệnh khác dùng chung.`;
  }
}

async function ensureUnlocked(path: string): Promise<void> {
  const { Level } = require('level') as { Level: new (p: string) => { open(): Promise<void>; close(): Promise<void> } };
  const db = new Level(path);
  try {
    await db.open();
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED' || /lock/i.test(`${cause?.message ?? ''}${(err as Error).message}`)) {
      throw new DataDirBusyError(resolve(path, '..'));
    }
    throw err;
  }
  await db.close();
}

export async function startLocalStack(opts: StartLocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = opts.dataDir === undefined ? resolve('.local') : opts.dataDir === null ? null : resolve(opts.dataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const s3Dir = dataDir ? join(dataDir, 's3') : mkdtempSync(join(tmpdir(), 'intake-s3-'));
  const servers: Server[] = [];

  // DynamoDB. LevelDB admits one process per directory, and dynalite crashes on a locked one: check first.
  if (dataDir) await ensureUnlocked(join(dataDir, 'dynamodb'));
  const dynalite = require('dynalite') as (o: Record<string, unknown>) => Server;
  const ddb = dynalite({
    ...(dataDir ? { path: join(dataDir, 'dynamodb') } : {}),
    createTableMs: 0, deleteTableMs: 0, updateTableMs: 0,
  });
  const ddbPort = await listen(ddb);
  servers.push(ddb);

  // S3
  const S3rver = require('s3rver') as new (o: Record<string, unknown>) => {
    run(): Promise<AddressInfo>; close(): Promise<void>; on(ev: string, f: (e: unknown) => void): void;
    httpServer?: Server;
  };
  const s3rver = new S3rver({
    address: '127.0.0.1', port: 0, silent: true, directory: s3Dir,
    configureBuckets: [{ name: LOCAL_NAMES.bucket }],
      });
  const s3Port = (await s3rver.run()).port;

  // SES
  const ses = require('aws-ses-v2-local') as SesModule;
  const sesStore = require('aws-ses-v2-local/dist/store') as SesStoreModule;
  const sesServer = await ses.default({ host: '127.0.0.1', port: 0 });
  servers.push(sesServer);
  const sesPort = (sesServer.address() as AddressInfo).port;
  const mailFile = dataDir ? join(dataDir, 'ses', 'emails.json') : null;
  if (mailFile && existsSync(mailFile) && sesStore.getStoreReadonly().emails.length === 0) {
    sesStore.getStoreReadonly().emails.push(...(JSON.parse(readFileSync(mailFile, 'utf8')) as SesEmail[]));
  }
  // each mail is written to <dataDir>/ses/ as it is sent (`intake serve` shows it at once), and again at stop
  const pendingMail: Promise<void>[] = [];
  const stopMailHook = dataDir && mailFile ? onMailSaved(sesStore, (e) => {
    pendingMail.push(persistMail(dataDir, mailFile, [e], sesStore.getStoreReadonly().emails).catch(() => undefined));
  }) : () => {};

  const endpoints = {
    dynamodb: `http://127.0.0.1:${ddbPort}`,
    s3: `http://127.0.0.1:${s3Port}`,
    sesv2: `http://127.0.0.1:${sesPort}`,
  };
  const env: Record<string, string> = {
    TABLE_NAME: LOCAL_NAMES.table,
    IDEMPOTENCY_TABLE_NAME: LOCAL_NAMES.idempotencyTable,
    BUCKET_NAME: LOCAL_NAMES.bucket,
    SENDER_ADDRESS: LOCAL_NAMES.sender,
    SECRETARIAT_ADDRESS: LOCAL_NAMES.secretariat,
    INBOUND_ADDRESS: LOCAL_NAMES.inbound,
    AWS_REGION: LOCAL_NAMES.region,
    // s3rver accepts only its own key pair; dynalite and aws-ses-v2-local accept any
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SESV2: endpoints.sesv2,
    INGEST_MAX_RECEIVE_COUNT: String(opts.maxReceiveCount ?? INGEST_MAX_RECEIVES),
    POWERTOOLS_SERVICE_NAME: 'intake',
    POWERTOOLS_METRICS_NAMESPACE: 'DeAn06Intake',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: localLogLevel(),
    // agencies' round links (#16): signed with a key kept in the data dir (a fresh one per in-memory stack)
    AGENCY_LINK_SECRET: agencyLinkSecret(dataDir),
  };

  const saved: Record<string, string | undefined> = {};
  if (opts.applyEnv ?? true) {
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  }

  try {
    await ensureTables(env);
  } catch (err) {
    await Promise.all(servers.map(close));
    await s3rver.close().catch(() => undefined);
    throw err;
  }

  // S3 → EventBridge → SQS → Lambda
  const dlqFile = dataDir ? join(dataDir, 'dlq.json') : null;
  const queue = new LocalQueue({
    name: LOCAL_NAMES.ingestQueue,
    region: env.AWS_REGION,
    maxReceiveCount: opts.maxReceiveCount ?? INGEST_MAX_RECEIVES,
    handler: opts.ingestHandler ?? (async () => (await import('../functions/ingest')).handler as unknown as SqsHandler),
  });
  if (dlqFile && existsSync(dlqFile)) queue.deadLetters.push(...(JSON.parse(readFileSync(dlqFile, 'utf8')) as DeadLetter[]));

  let ocrModule: typeof import('../functions/ocr') | undefined;
  // the OCR step (functions/ocr.ts) behind its own queue: one scan at a time, as the deployed batch size of 1
  const ocrQueue = (opts.ocr ?? true) ? new LocalQueue({
    name: LOCAL_NAMES.ocrQueue,
    region: env.AWS_REGION,
    batchSize: 1,
    concurrency: 1,
    maxReceiveCount: opts.maxReceiveCount ?? INGEST_MAX_RECEIVES,
    timeoutMs: 900_000,
    handler: async () => (ocrModule ??= await import('../functions/ocr')).handler as unknown as SqsHandler,
  }) : undefined;
  if (ocrQueue) useOcrQueue({ send: async (job) => void ocrQueue.send(job) });
  const ocrDlqFile = dataDir ? join(dataDir, 'dlq-ocr.json') : null;
  if (ocrQueue && ocrDlqFile && existsSync(ocrDlqFile)) ocrQueue.deadLetters.push(...(JSON.parse(readFileSync(ocrDlqFile, 'utf8')) as DeadLetter[]));
  const queueNamed = (name: 'ingest' | 'ocr' = 'ingest'): LocalQueue | undefined => (name === 'ocr' ? ocrQueue : queue);
  /** both queues drained (ingest hands scans to OCR; OCR never hands back) */
  const idle = async () => {
    await queue.idle();
    await ocrQueue?.idle();
  };

  const deliver = (o: ObjectCreated, times = 1) => {
    const event: S3ObjectCreatedEventBridgeEvent = objectCreatedEvent(o, env.AWS_REGION);
    for (let i = 0; i < times; i++) queue.send(event);
  };

  if (opts.deliverEvents ?? true) {
    s3rver.on('event', (e: unknown) => {
      const rec = (e as { Records?: Array<{ eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } } }> }).Records?.[0];
      if (!rec || !rec.eventName.startsWith('ObjectCreated:')) return;
      const key = rec.s3.object.key;
      if (!key.startsWith(INGEST_RULE.keyPrefix)) return; // the EventBridge rule's filter
      const reason = { 'ObjectCreated:Put': 'PutObject', 'ObjectCreated:Copy': 'CopyObject', 'ObjectCreated:Post': 'PostObject' }[rec.eventName];
      deliver({ bucket: rec.s3.bucket.name, key, size: rec.s3.object.size ?? 0, etag: rec.s3.object.eTag?.replace(/"/g, ''), reason });
    });
  }

  let stopped = false;
  return {
    env,
    sesUrl: endpoints.sesv2,
    endpoints,
    dataDir,
    deliverUploadEvents(objects, o = {}) {
      for (const obj of objects) deliver(obj, o.times ?? 1);
    },
    deliverRaw(body) {
      queue.send(body);
    },
    idle,
    deadLetters: (name) => [...(queueNamed(name)?.deadLetters ?? [])],
    redrive(name) {
      const q = queueNamed(name);
      const letters = q?.deadLetters.splice(0) ?? [];
      for (const d of letters) q!.send(d.body);
      return letters.length;
    },
    sentMail: () => [...sesStore.getStoreReadonly().emails],
    async stop() {
      if (stopped) return;
      stopped = true;
      await idle();
      queue.stop();
      if (ocrQueue) {
        ocrQueue.stop();
        useOcrQueue(undefined);
        await ocrModule?.shutdown();
      }
      if (dlqFile) writeFileSync(dlqFile, JSON.stringify(queue.deadLetters, null, 1));
      if (ocrQueue && ocrDlqFile) writeFileSync(ocrDlqFile, JSON.stringify(ocrQueue.deadLetters, null, 1));
      stopMailHook();
      await Promise.all(pendingMail);
      if (mailFile && dataDir) {
        // keep the mail beyond this process: the JSON reloads into `intake serve`, the .eml opens in any mail reader
        const emails = sesStore.getStoreReadonly().emails;
        await persistMail(dataDir, mailFile, emails, emails);
      }
      const s3Closed = s3rver.close().catch(() => undefined);
      s3rver.httpServer?.closeAllConnections();
      await s3Closed;
      await Promise.all(servers.map(close));
      if (!dataDir) rmSync(s3Dir, { recursive: true, force: true });
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}
