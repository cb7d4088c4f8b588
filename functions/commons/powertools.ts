/**
 * One Logger and one Metrics for every handler, configured once (service name and namespace from
 * POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE, set by the CDK stack and the local stack).
 * Log ids and counts only — never document text or personal data.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'intake' });

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'DeAn06Intake',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'intake',
});

export { MetricUnit };
