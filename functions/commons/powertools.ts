/**
 * One Logger and one Metrics for every handler, configured once (service name and namespace from
 * shared/config `telemetryConfig`, set by the CDK stack and the local stack).
 * Log ids and counts only — never document text or personal data.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { telemetryConfig } from '#shared/config';

const telemetry = telemetryConfig();

export const logger = new Logger({ serviceName: telemetry.serviceName });

export const metrics = new Metrics({ namespace: telemetry.metricsNamespace, serviceName: telemetry.serviceName });

/** The logger as the shared use cases take it (message + fields). */
export const log = {
  info: (msg: string, extra: Record<string, unknown> = {}) => logger.info(msg, extra),
  warn: (msg: string, extra: Record<string, unknown> = {}) => logger.warn(msg, extra),
  error: (msg: string, extra: Record<string, unknown> = {}) => logger.error(msg, extra),
};

/** Publishes what was stored (locally, invocations overlap in one process and share the singleton: one may have flushed for both). */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

export { MetricUnit };
