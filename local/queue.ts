/**
 * A small in-process stand-in for SQS + Lambda's event source mapping: batches of up to `batchSize` messages
 * are handed to the handler; messages reported in `batchItemFailures` (or all of a batch whose handler threw)
 * come back after a visibility delay, and after `maxReceiveCount` receives they move to the dead-letter list.
 */
import { randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { newMessage, sqsEvent, type QueuedMessage } from './events';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface DeadLetter {
  messageId: string;
  body: string;
  receiveCount: number;
  reason: string;
  at: string;
}

export interface LocalQueueOptions {
  name: string;
  region: string;
  handler: () => Promise<SqsHandler>;
  batchSize?: number;
  /** concurrent handler invocations. */
  concurrency?: number;
  maxReceiveCount?: number;
  /** delay before a failed message is visible again: visibilityMs × receive count. */
  visibilityMs?: number;
  timeoutMs?: number;
  onDeadLetter?: (d: DeadLetter) => void;
}

export function lambdaContext(functionName: string, region: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export class LocalQueue {
  readonly arn: string;
  private ready: QueuedMessage[] = [];
  private delayed = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private waiters: Array<() => void> = [];
  private stopped = false;
  readonly deadLetters: DeadLetter[] = [];
  private readonly o: Required<Omit<LocalQueueOptions, 'onDeadLetter'>> & Pick<LocalQueueOptions, 'onDeadLetter'>;

  constructor(opts: LocalQueueOptions) {
    this.o = { batchSize: 5, concurrency: 2, maxReceiveCount: 3, visibilityMs: 200, timeoutMs: 300_000, ...opts };
    this.arn = `arn:aws:sqs:${opts.region}:000000000000:${opts.name}`;
  }

  send(body: unknown): string {
    const m = newMessage(body);
    this.ready.push(m);
    this.pump();
    return m.messageId;
  }

  /** resolves when nothing is queued, delayed for retry, or being processed. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.delayed) clearTimeout(t);
    this.delayed.clear();
    this.ready = [];
    this.notify();
  }

  private isIdle(): boolean {
    return this.ready.length === 0 && this.delayed.size === 0 && this.inFlight === 0;
  }

  private notify(): void {
    if (!this.isIdle() && !this.stopped) return;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private pump(): void {
    // let a burst of events gather into one batch, as the event source mapping's batching window does
    setImmediate(() => {
      while (!this.stopped && this.inFlight < this.o.concurrency && this.ready.length) {
        const batch = this.ready.splice(0, this.o.batchSize);
        this.inFlight++;
        void this.invoke(batch).finally(() => {
          this.inFlight--;
          this.pump();
          this.notify();
        });
      }
      this.notify();
    });
  }

  /**
   * In AWS the visibility timeout is set above the function timeout, so a message comes back only after the
   * invocation that held it (or its twin) has finished. Here: after the delay and once nothing is in flight.
   */
  private retryLater(m: QueuedMessage, delayMs: number): void {
    const t = setTimeout(() => {
      this.delayed.delete(t);
      if (this.stopped) return;
      if (this.inFlight > 0) {
        this.retryLater(m, this.o.visibilityMs);
        return;
      }
      this.ready.push(m);
      this.pump();
    }, delayMs);
    this.delayed.add(t);
  }

  private async invoke(batch: QueuedMessage[]): Promise<void> {
    const now = Date.now();
    for (const m of batch) {
      m.receiveCount++;
      m.firstReceiveAt ??= now;
    }
    let failed: Set<string>;
    let reason = 'batch item failure';
    try {
      const handler = await this.o.handler();
      const res = await handler(sqsEvent(batch, this.arn, this.o.region), lambdaContext(this.o.name, this.o.region, this.o.timeoutMs));
      failed = new Set((res?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (err) {
      failed = new Set(batch.map((m) => m.messageId));
      reason = `handler error: ${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? String(err)}`;
    }
    for (const m of batch) {
      if (!failed.has(m.messageId)) continue;
      if (m.receiveCount >= this.o.maxReceiveCount) {
        const d = { messageId: m.messageId, body: m.body, receiveCount: m.receiveCount, reason, at: new Date().toISOString() };
        this.deadLetters.push(d);
        this.o.onDeadLetter?.(d);
        continue;
      }
      this.retryLater(m, this.o.visibilityMs * m.receiveCount);
    }
  }
}
