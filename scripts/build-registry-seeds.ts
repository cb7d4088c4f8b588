/**
 * Regenerates seeds/registry/*.json from the seed documents through the importer:
 *   npx tsx scripts/build-registry-seeds.ts
 * Review the output against the source text (git diff) before committing; fix the reader, not the JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { seedPath } from '#shared/domain/seeds';
import { SEED_SOURCES, countTasks, readSeedSource, seedFileName } from '#shared/registry/seed-sources';

async function main(): Promise<void> {
  mkdirSync(seedPath('registry'), { recursive: true });
  for (const s of SEED_SOURCES) {
    const read = await readSeedSource(s);
    const counts = countTasks(read.tasks);
    const file = { directive: read.directive, source: s.source, counts, tasks: read.tasks };
    writeFileSync(seedPath('registry', seedFileName(s.directive)), `${JSON.stringify(file, null, 2)}\n`);
    const flags = read.warnings.reduce<Record<string, number>>((acc, w) => ({ ...acc, [w.code]: (acc[w.code] ?? 0) + 1 }), {});
    process.stdout.write(`${s.directive}: ${JSON.stringify(counts)} via ${read.reader}; warnings ${JSON.stringify(flags)}\n`);
  }
}

await main();
