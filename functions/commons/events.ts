/**
 * An invocation's event, zod-parsed at the door: an event of the wrong shape is logged (issue count only, never its
 * content), counted when the function has a metric for it, and thrown — the service retries, then its dead-letter
 * queue keeps it.
 */
import type { z } from 'zod';
import { flushMetrics, logger, metrics, MetricUnit } from './powertools';

export function parseEvent<T extends z.ZodType>(schema: T, event: unknown, opts: { name: string; log?: string; metric?: string }): z.infer<T> {
  const parsed = schema.safeParse(event);
  if (parsed.success) return parsed.data;
  logger.error(opts.log ?? `invalid ${opts.name} event`, { issues: parsed.error.issues.length });
  if (opts.metric) {
    metrics.addMetric(opts.metric, MetricUnit.Count, 1);
    flushMetrics();
  }
  throw new Error(`invalid ${opts.name} event`);
}
