/**
 * The OCR step of scanned reports: its own SQS queue (+ DLQ) fed by the ingest function (and by itself, for the
 * rest of a long scan), and the `ocr` function (functions/ocr.ts): arm64, 3584 MB (two vCPUs for tesseract.js's two
 * workers), 15 minutes, one job per invocation. tesseract.js stays outside the esbuild bundle: it and the
 * Vietnamese model are copied into this function's node_modules only, pruned to the LSTM engine and the
 * `4.0.0_best_int` model (the other functions do not grow).
 */
import { Duration } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INGEST_MAX_RECEIVES } from '#shared/ingest/prefixes';
import { deadLetterQueue, QUEUE_DEFAULTS } from './defaults';
import { IntakeFunction } from './intake-function';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** the packages the OCR engine needs at run time, with their dependencies (read from node_modules). */
export function ocrPackages(root = ROOT): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const pkg = join(root, 'node_modules', name, 'package.json');
    if (!existsSync(pkg)) return;
    seen.add(name);
    const deps = (JSON.parse(readFileSync(pkg, 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {};
    for (const d of Object.keys(deps)) visit(d);
  };
  visit('tesseract.js');
  visit('@tesseract.js-data/vie');
  return [...seen].sort();
}

/** shell commands copying the packages into the bundle, pruned: LSTM cores only, the best_int model only. */
export function copyOcrPackages(inputDir: string, outputDir: string, packages = ocrPackages()): string[] {
  const cmds = packages.map((p) => `mkdir -p "${outputDir}/node_modules/${p}" && cp -R "${inputDir}/node_modules/${p}/." "${outputDir}/node_modules/${p}/"`);
  cmds.push(
    `find "${outputDir}/node_modules/tesseract.js-core" -maxdepth 1 -name 'tesseract-core*' ! -name '*lstm*' -delete`,
    `rm -rf "${outputDir}/node_modules/@tesseract.js-data/vie/4.0.0"`,
  );
  return cmds;
}

export interface OcrStepProps {
  environment: Record<string, string>;
}

export class OcrStep extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly fn: IntakeFunction;

  constructor(scope: Construct, id: string, props: OcrStepProps) {
    super(scope, id);
    const timeout = Duration.minutes(15);
    this.deadLetters = deadLetterQueue(this, 'OcrDlq', 'OCR jobs that failed their receives');
    this.queue = new sqs.Queue(this, 'Queue', {
      ...QUEUE_DEFAULTS,
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: INGEST_MAX_RECEIVES },
    });
    this.fn = new IntakeFunction(this, 'Function', {
      entry: 'ocr.ts',
      description: 'Reads scanned reports with Vietnamese OCR, a bounded batch of pages per job, then matches and stores them',
      memorySize: 3584,
      timeout,
      environment: { ...props.environment, POWERTOOLS_SERVICE_NAME: 'ocr', OCR_QUEUE_URL: this.queue.queueUrl, OCR_PAGES_PER_RUN: '40' },
      shippedModules: { external: ['tesseract.js'], copy: (i, o) => copyOcrPackages(i, o) },
    });
    this.fn.fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: 4 }));
    this.queue.grantSendMessages(this.fn.role);
  }

  /** lets a function hand scans to this step */
  allowSend(role: iam.IRole): void {
    this.queue.grantSendMessages(role);
  }
}
