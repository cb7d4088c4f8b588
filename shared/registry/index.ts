/**
 * The registry of assigned tasks: directives' appendices imported into the store.
 *
 * - `seedRegistry()`: the reviewed registry of the seed directives (seeds/registry/*.json, built by build-seeds.ts).
 * - `loadSeedRegistry(store)`: upserts it into the store (npm start); idempotent.
 * - importing a directive's appendix, in named phases that `intake registry import` and the console's Danh mục page
 *   both call: `readAppendix` (the ingest's limits, then the document → tasks; nothing stored), `planImport` (the diff
 *   against the store: added / changed / removed; nothing written), `applyImport` (writes the diff, with history).
 *   `importRegistry(store, file, opts)` runs the three (or the first two with dryRun).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { Directive, Task } from '#shared/domain/task';
import { seedPath } from '#shared/domain/seeds';
import type { Store } from '#shared/store/records';
import { importTasks, type ImportOptions, type RegistryDiff } from './import';
import { readRegistry, type ReadOptions, type ReadResult, type RegistrySource, type RegistryWarning } from './read';

export { readRegistry, RegistryWarning, type ReadOptions, type ReadResult, type RegistrySource } from './read';
export { importTasks, diffTasks, diffSummary, diffFingerprint, changesBetween, COMPARED_FIELDS, type RegistryDiff, type ImportOptions } from './import';
export { readDirectiveHeader, readDirectiveReference, directiveOf, DirectiveNumber, kindOf } from './directive';
export { directiveSlug, correctionsFor, Corrections } from './corrections';

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

/** Phase 1 — read: the ingest's limits before any parser, then the appendix → the directive and its tasks. Nothing is stored. */
export async function readAppendix(src: RegistrySource, opts: ReadOptions): Promise<ReadResult> {
  return readRegistry(src, opts);
}

/** Phase 2 — plan: the diff of what was read against what the store holds for that directive. Nothing is written. */
export async function planImport(store: Store, read: Pick<ReadResult, 'directive' | 'tasks'>): Promise<RegistryDiff> {
  return importTasks(store, read.directive.number, read.tasks, { dryRun: true });
}

/** Phase 3 — apply: writes what changed (added, changed with a history entry, removed kept and marked); returns the diff applied. */
export async function applyImport(store: Store, read: Pick<ReadResult, 'directive' | 'tasks'>, opts: { at?: string; source: string }): Promise<RegistryDiff> {
  return importTasks(store, read.directive.number, read.tasks, { at: opts.at, source: opts.source });
}

/** Reads a directive's appendix and upserts its tasks (the three phases; plan only with dryRun); returns the diff and the reader's warnings. */
export async function importRegistry(
  store: Store,
  src: RegistrySource,
  opts: ReadOptions & ImportOptions,
): Promise<{ diff: RegistryDiff; warnings: RegistryWarning[]; tasks: Task[] }> {
  const read = await readAppendix(src, opts);
  const diff = opts.dryRun ? await planImport(store, read) : await applyImport(store, read, { at: opts.at, source: opts.source ?? src.name });
  return { diff, warnings: read.warnings, tasks: read.tasks };
}
