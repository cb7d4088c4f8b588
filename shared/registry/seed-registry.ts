/** The reviewed registry of the seed directives (seeds/registry/*.json, built by scripts/build-seeds.ts), and loading it into the store. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { Directive, Task } from '#shared/domain/task';
import { seedPath } from '#shared/domain/seeds';
import type { Store } from '#shared/store/records';
import { importTasks } from './import';

/** One file of seeds/registry/: a directive, the document it was read from, its tasks. */
export const SeedRegistryFile = z.object({
  directive: Directive,
  source: z.string(),
  counts: z.record(z.string(), z.number().int()),
  tasks: z.array(Task),
});
export type SeedRegistryFile = z.infer<typeof SeedRegistryFile>;

let cached: SeedRegistryFile[] | undefined;

export function seedRegistryFiles(): SeedRegistryFile[] {
  if (cached) return cached;
  const dir = seedPath('registry');
  if (!existsSync(dir)) return (cached = []);
  cached = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => SeedRegistryFile.parse(JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'))));
  return cached;
}

/** Every task of the seed directives (seeds/registry/*.json). */
export function seedRegistry(): Task[] {
  return seedRegistryFiles().flatMap((f) => f.tasks);
}

/** Upserts the seed registry into the store (history kept for tasks that changed); returns how many tasks it holds. */
export async function loadSeedRegistry(store: Store): Promise<{ tasks: number; added: number; changed: number }> {
  let tasks = 0;
  let added = 0;
  let changed = 0;
  for (const f of seedRegistryFiles()) {
    const diff = await importTasks(store, f.directive.number, f.tasks, { source: `seeds/registry (${f.source})` });
    tasks += f.tasks.length;
    added += diff.added.length;
    changed += diff.changed.length;
  }
  return { tasks, added, changed };
}
