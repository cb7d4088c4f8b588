/**
 * Where the reference data in seeds/ lives: the repo's seeds/ folder when run from a checkout, or the folder the
 * Lambda bundle copies it to (INTAKE_SEEDS_DIR, set by the CDK stack). Every loader of seed data goes through here.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedsDirSetting } from '#shared/config';

let cached: string | undefined;

export function seedsDir(): string {
  if (cached) return cached;
  const fromEnv = seedsDirSetting();
  if (fromEnv && existsSync(fromEnv)) return (cached = resolve(fromEnv));
  // walk up from this file (shared/domain/) or from the bundle until a seeds/ folder appears
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'seeds');
    if (existsSync(join(candidate, 'domain'))) return (cached = candidate);
    dir = dirname(dir);
  }
  return (cached = resolve(process.cwd(), 'seeds'));
}

export function seedPath(...parts: string[]): string {
  return join(seedsDir(), ...parts);
}
