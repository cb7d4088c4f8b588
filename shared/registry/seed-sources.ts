/**
 * The seed directives and the documents their registry is read from (seeds/sources/). build-seeds.ts writes
 * seeds/registry/<slug>.json from these; the registry tests read them again and compare.
 */
import { readFileSync } from 'node:fs';
import { seedPath } from '#shared/domain/seeds';
import type { Task } from '#shared/domain/task';
import { directiveSlug } from './corrections';
import { readRegistry, type ReadResult } from './read';

export interface SeedSource {
  directive: string;
  source: string;
  /** only these tables of the document (seed 001 holds other appendices too). */
  tables?: number[];
}

export const SEED_SOURCES: SeedSource[] = [
  { directive: '05/CT-TTg', source: '003_fc6b95ce7bbd8ec1.txt' },
  { directive: '04/CT-TTg', source: '000_1e4b3cd2c785b43f.txt' },
  { directive: '142/QĐ-VPCP', source: '004_7d2d525d47249251.txt' },
  { directive: '175/NQ-CP', source: '001_e764da9532f4cd59.txt', tables: [1] },
];

export function seedFileName(directive: string): string {
  return `${directiveSlug(directive)}.json`;
}

/** Tasks per section code ("-" for none) and in total. */
export function countTasks(tasks: Task[]): Record<string, number> {
  const counts: Record<string, number> = { total: tasks.length };
  for (const t of tasks) {
    const k = t.section?.code ?? '-';
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** Reads one seed directive from its source document, through the importer. */
export async function readSeedSource(s: SeedSource): Promise<ReadResult> {
  const bytes = readFileSync(seedPath('sources', s.source));
  return readRegistry({ name: s.source, bytes }, { directive: s.directive, ...(s.tables ? { tables: s.tables } : {}) });
}
