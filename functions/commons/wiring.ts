/**
 * Clients and stages built from the environment once per environment: once per cold start in Lambda, and again
 * whenever tests or the local stack point the same process at other tables, buckets or endpoints.
 */
import { placeOf } from '#shared/config';

export function perEnvironment<T>(build: () => T): () => T {
  let built: { place: string; value: T } | undefined;
  return () => {
    const place = placeOf();
    if (built?.place !== place) built = { place, value: build() };
    return built.value;
  };
}
