/**
 * `npm run bench:load [-- --reports N --rows R --concurrency C --duplicates F --max-seconds S]`
 *
 * N realistic agency reports (default 500 × ~100 rows ≈ 50,000 rows; XLSX and DOCX built from the seed registry,
 * 12 agencies) through the embedded local stack (dynalite, s3rver, aws-ses-v2-local on loopback) and the real
 * ingest handler (functions/ingest.ts: batch, idempotency, extract, match, store, receipt), fed the way the
 * deployed path feeds it: S3 put → "Object Created" event → SQS batches of 5 → C concurrent invocations.
 * A share F of the events is delivered twice (S3 and SQS deliver at least once).
 *
 * Prints throughput, p50/p95 time per report, peak memory (RSS), the count check (rows stored = rows extracted =
 * rows written into the files, no duplicates, one status entry per matched row, one receipt per report), and an
 * AWS cost estimate per 1,000 reports from the measured handler time and the counted requests.
 * Bounded: stops after --max-seconds (default 1200) and exits 1 with what it has. Loopback only.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { agencyDirectory } from '#shared/agencies';
import { loadConfig } from '#shared/config';
import { reportIdFor } from '#shared/ingest/process-upload';
import { objectCreatedEvent } from '#local/events';
import { LocalQueue, type SqsHandler } from '#local/queue';
import { startLocalStack } from '#local/stack';
import { loadSeedRegistry, seedRegistry } from '#shared/registry';
import { s3Blobs } from '#shared/store/s3';
import { intercept } from '#shared/store/clients';
import { dynamoStore } from '#shared/store/dynamo';
import { generateReport, prng, REPORTING_AGENCIES, type GeneratedReport } from '#testkit/reports';

const { values: args } = parseArgs({
  options: {
    reports: { type: 'string', default: '500' },
    rows: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
    duplicates: { type: 'string', default: '0.05' },
    'max-seconds': { type: 'string', default: '1200' },
  },
});
const N = Math.max(1, Math.min(5000, Number(args.reports)));
const ROWS = Math.max(1, Math.min(1000, Number(args.rows)));
const CONCURRENCY = Math.max(1, Math.min(32, Number(args.concurrency)));
const DUPLICATES = Math.max(0, Math.min(1, Number(args.duplicates)));
const MAX_MS = Math.max(10, Number(args['max-seconds'])) * 1000;
const BATCH = 5; // infra/stack.ts: SqsEventSource batchSize
const LAMBDA_MB = 1024; // infra/stack.ts: ingest memorySize

// Public on-demand prices, USD (us-east-1 / ap-southeast-1 list prices, 2025; check before budgeting)
const PRICE = {
  lambdaArmGbS: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  ddbWrite: 0.625 / 1e6, // per write request unit (on-demand, since Nov 2024)
  ddbRead: 0.125 / 1e6, // per read request unit
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  sqsRequest: 0.4 / 1e6,
  sesMessage: 0.1 / 1000,
};

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : NaN;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const usd = (x: number) => `$${x.toFixed(4)}`;

async function main(): Promise<number> {
  const dir = agencyDirectory();
  const tasks = seedRegistry();
  process.stderr.write(`generating ${N} reports (~${ROWS} rows each) from ${tasks.length} seed tasks…\n`);
  const t0 = performance.now();
  const files: GeneratedReport[] = [];
  for (let i = 0; i < N; i++) files.push(await generateReport(tasks, i, { rows: ROWS, names: (id) => dir.get(id)?.name }));
  const genMs = performance.now() - t0;

  const stack = await startLocalStack({ dataDir: null, deliverEvents: false });
  const config = loadConfig(stack.env);
  const store = dynamoStore(config);
  const blobs = s3Blobs(config);
  await loadSeedRegistry(store);
  for (const agencyId of REPORTING_AGENCIES) await store.setContact({ agencyId, emails: [`van-thu@${agencyId}.gov.vn.test`], domains: [] });

  // what the handler asks of AWS, and when each report starts and ends (seen at the SDK middleware seam)
  const calls = new Map<string, number>();
  let wru = 0;
  let rru = 0;
  const started = new Map<string, number>();
  const ended = new Map<string, number>();
  let counting = false;
  const stopCounting = intercept(({ service, command, input }) => {
    if (!counting) return;
    calls.set(`${service}:${command}`, (calls.get(`${service}:${command}`) ?? 0) + 1);
    if (service !== 'dynamodb') return;
    const text = JSON.stringify(input);
    const units = (item: unknown) => {
      const t = JSON.stringify(item);
      const gsis = (t.match(/"gsi\dpk"/g) ?? []).length;
      return Math.ceil(t.length / 1024) * (1 + gsis);
    };
    if (/^(Put|Update|Delete)/.test(command)) wru += units((input as { Item?: unknown }).Item ?? input);
    else if (/^BatchWrite/.test(command)) {
      for (const reqs of Object.values((input as { RequestItems: Record<string, Array<{ PutRequest?: { Item: unknown } }>> }).RequestItems)) {
        for (const r of reqs) wru += units(r.PutRequest?.Item ?? {});
      }
    } else rru += 1;
    const id = /REPORT#([0-9a-f]{32})/.exec(text)?.[1];
    if (!id) return;
    if (command.startsWith('GetItem') && !started.has(id)) started.set(id, performance.now());
    if (command.startsWith('Put') && /"state":\{"S":"(processed|quarantined|failed|duplicate|held)"\}/.test(text)) ended.set(id, performance.now());
  });

  // the event source mapping: batches of 5, C concurrent invocations, the real handler; billed time per invocation
  const { handler } = await import('../functions/ingest');
  const invocations: number[] = [];
  const timed: SqsHandler = async (event: SQSEvent, context: Context) => {
    const s = performance.now();
    try {
      return (await handler(event, context)) as SQSBatchResponse;
    } finally {
      invocations.push(performance.now() - s);
    }
  };
  const queue = new LocalQueue({ name: 'intake-ingest', region: config.region, handler: async () => timed, batchSize: BATCH, concurrency: CONCURRENCY, maxReceiveCount: 3 });

  process.stderr.write(`ingesting with ${CONCURRENCY} concurrent invocations, batches of ${BATCH}, ${(DUPLICATES * 100).toFixed(0)}% of events twice…\n`);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
  const cpu0 = process.cpuUsage();
  counting = true;
  const begin = performance.now();
  const putAt = new Map<string, number>();
  const ids: Array<{ id: string; f: GeneratedReport }> = [];
  const rnd = prng(42);
  let events = 0;
  for (const f of files) {
    const at = performance.now();
    const put = await blobs.put(f.key, f.bytes);
    const id = reportIdFor({ bucket: config.bucketName, key: f.key, etag: put.etag });
    putAt.set(id, at);
    ids.push({ id, f });
    const ev = objectCreatedEvent({ bucket: config.bucketName, key: f.key, size: f.bytes.byteLength, etag: put.etag }, config.region);
    queue.send(ev);
    events++;
    if (rnd() < DUPLICATES) { queue.send(ev); events++; }
    if (ids.length % 50 === 0) process.stderr.write(`  uploaded ${ids.length}/${N}, stored ${ended.size}\n`);
  }
  const timedOut = await Promise.race([
    queue.idle().then(() => false),
    new Promise<boolean>((r) => setTimeout(() => r(true), Math.max(0, MAX_MS - (performance.now() - begin)))),
  ]);
  const wallMs = performance.now() - begin;
  counting = false;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  if (timedOut) queue.stop();
  stopCounting();

  // the count check, from the stores
  let extracted = 0;
  let stored = 0;
  let written = 0;
  let dupRows = 0;
  let auto = 0;
  const states = new Map<string, number>();
  const touched = new Set<string>();
  for (const { id, f } of ids) {
    const r = await store.getReport(id);
    states.set(r?.state ?? 'missing', (states.get(r?.state ?? 'missing') ?? 0) + 1);
    const rows = await store.listRows(id);
    written += f.rows;
    extracted += r?.counts?.rows ?? 0;
    stored += rows.length;
    dupRows += rows.length - new Set(rows.map((x) => x.rowId)).size;
    for (const x of rows) if (x.match?.decision === 'auto' && x.match.taskId) { auto++; touched.add(x.match.taskId); }
  }
  const mine = new Set(ids.map((x) => x.id));
  let history = 0;
  let dupHistory = 0;
  for (const taskId of touched) {
    const h = (await store.statusHistory(taskId)).filter((e) => mine.has(e.reportId));
    history += h.length;
    dupHistory += h.length - new Set(h.map((e) => `${e.reportId}#${e.rowId}`)).size;
  }
  const reportsPerKey = new Map<string, number>();
  for (const r of await store.listReports()) reportsPerKey.set(r.key, (reportsPerKey.get(r.key) ?? 0) + 1);
  const extraReports = [...reportsPerKey.values()].filter((n) => n > 1).length;
  const receipts = stack.sentMail().length;
  const dead = stack.deadLetters().length;
  await stack.stop();

  const perReport = ids.map(({ id }) => (ended.get(id) ?? NaN) - (started.get(id) ?? NaN)).filter(Number.isFinite);
  const latency = ids.map(({ id }) => (ended.get(id) ?? NaN) - (putAt.get(id) ?? NaN)).filter(Number.isFinite);
  const billedMs = invocations.reduce((a, b) => a + Math.ceil(b), 0);
  const done = ended.size;

  const ok = !timedOut && done === N && stored === extracted && extracted === written && dupRows === 0
    && dupHistory === 0 && history === auto && extraReports === 0 && receipts === N && dead === 0;

  const per1000 = (x: number) => (x / Math.max(1, done)) * 1000;
  const gbS = (billedMs / 1000) * (LAMBDA_MB / 1024);
  const s3Puts = N + (calls.get('s3:CopyObjectCommand') ?? 0) + (calls.get('s3:PutObjectCommand') ?? 0) - N; // uploads counted once
  const s3Gets = (calls.get('s3:GetObjectCommand') ?? 0) + (calls.get('s3:HeadObjectCommand') ?? 0);
  const sqsRequests = events + 2 * invocations.length; // send; receive + delete per batch
  const cost = {
    lambda: per1000(gbS * PRICE.lambdaArmGbS + invocations.length * PRICE.lambdaRequest),
    dynamodb: per1000(wru * PRICE.ddbWrite + rru * PRICE.ddbRead),
    s3: per1000(s3Puts * PRICE.s3Put + s3Gets * PRICE.s3Get),
    sqs: per1000(sqsRequests * PRICE.sqsRequest),
    ses: per1000(receipts * PRICE.sesMessage),
  };
  const total = Object.values(cost).reduce((a, b) => a + b, 0);

  const out = [
    `bench:load — ${N} reports, ${written} rows (generated in ${(genMs / 1000).toFixed(1)} s, not timed), ${events} events (${events - N} duplicates), concurrency ${CONCURRENCY}, batch ${BATCH}`,
    `  wall time           ${(wallMs / 1000).toFixed(1)} s${timedOut ? ` (STOPPED at --max-seconds ${MAX_MS / 1000})` : ''}`,
    `  throughput          ${(done / (wallMs / 1000)).toFixed(2)} reports/s, ${(stored / (wallMs / 1000)).toFixed(0)} rows/s`,
    `  time per report     p50 ${ms(q(perReport, 0.5))}, p95 ${ms(q(perReport, 0.95))}, max ${ms(Math.max(...perReport))} (handler: first read → final state, ${CONCURRENCY} sharing the CPU)`,
    `  upload → stored     p50 ${ms(q(latency, 0.5))}, p95 ${ms(q(latency, 0.95))} (includes waiting in the queue)`,
    `  invocations         ${invocations.length}, p50 ${ms(q(invocations, 0.5))}, p95 ${ms(q(invocations, 0.95))}; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (${((cpu.user + cpu.system) / 1e3 / Math.max(1, done)).toFixed(0)} ms/report, emulators included)`,
    `  peak memory (RSS)   ${mb(peakRss)} (one process: handler + dynalite + s3rver + SES emulator + ${N} files in memory)`,
    `  states              ${[...states].map(([s, n]) => `${s} ${n}`).join(', ')}`,
    `  count check         ${ok ? 'OK' : 'FAILED'}: rows written ${written}, extracted ${extracted}, stored ${stored}; duplicate rows ${dupRows};`
      + ` status entries ${history} for ${auto} matched rows (duplicates ${dupHistory}); reports with >1 record per key ${extraReports}; receipts ${receipts}; dead letters ${dead}`,
    `  AWS requests        DynamoDB ~${wru} WRU, ~${rru} RRU; S3 ${s3Gets} GET/HEAD, ${s3Puts} PUT/COPY; SQS ~${sqsRequests}; SES ${receipts}`,
    `  est. cost / 1,000 reports: ${usd(total)} — Lambda arm64 ${LAMBDA_MB} MB ${usd(cost.lambda)} (${(per1000(gbS)).toFixed(0)} GB-s), DynamoDB on-demand ${usd(cost.dynamodb)},`
      + ` S3 ${usd(cost.s3)}, SQS ${usd(cost.sqs)}, SES ${usd(cost.ses)} (EventBridge S3 events free; storage and logs not included)`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (err) => {
  process.stderr.write(`bench:load failed: ${(err as Error)?.stack ?? err}\n`);
  process.exit(1);
});
