/**
 * Clients and stages built from the environment once per environment: once per cold start in Lambda, and again
 * whenever tests or the local stack point the same process at other tables, buckets or endpoints.
 */
const ENVIRONMENT = [
  'TABLE_NAME', 'IDEMPOTENCY_TABLE_NAME', 'BUCKET_NAME',
  'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_SESV2',
] as const;

export function perEnvironment<T>(build: () => T): () => T {
  let built: { fingerprint: string; value: T } | undefined;
  return () => {
    const fingerprint = ENVIRONMENT.map((k) => process.env[k] ?? '').join('|');
    if (built?.fingerprint !== fingerprint) built = { fingerprint, value: build() };
    return built.value;
  };
}
