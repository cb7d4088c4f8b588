/**
 * Regenerates seeds/registry/*.json from the seed documents through the importer:
 *   npx tsx scripts/build-registry-seeds.ts          # writes seeds/registry/*.json
 *   npx tsx scripts/build-registry-seeds.ts --check  # exits 1 when a committed file is not what the builder makes
 * Review the output against the source text (git diff) before committing; fix the reader, not the JSON.
 * `registrySeedFiles()` is pure (reads the sources, returns the files) so a test pins the committed JSON to it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seedPath } from '#shared/domain/seeds';
import { SEED_SOURCES, countTasks, readSeedSource, seedFileName } from '#shared/registry/seed-sources';

export interface SeedFile {
  /** path below seeds/ ("registry/04-CT-TTg.json") */
  path: string;
  json: string;
  /** what the reader flagged, by code (for the operator's summary). */
  warnings: Record<string, number>;
  counts: Record<string, number>;
  reader: string;
}

export async function registrySeedFiles(): Promise<SeedFile[]> {
  const out: SeedFile[] = [];
  for (const s of SEED_SOURCES) {
    const read = await readSeedSource(s);
    const counts = countTasks(read.tasks);
    const file = { directive: read.directive, source: s.source, counts, tasks: read.tasks };
    const warnings = read.warnings.reduce<Record<string, number>>((acc, w) => ({ ...acc, [w.code]: (acc[w.code] ?? 0) + 1 }), {});
    out.push({ path: `registry/${seedFileName(s.directive)}`, json: `${JSON.stringify(file, null, 2)}\n`, warnings, counts, reader: read.reader });
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = await registrySeedFiles();
  if (process.argv.includes('--check')) {
    const stale = files.filter((f) => readFileSync(seedPath(f.path), 'utf8') !== f.json).map((f) => f.path);
    if (stale.length) {
      process.stderr.write(`seeds out of date (run npx tsx scripts/build-registry-seeds.ts): ${stale.join(', ')}\n`);
      process.exit(1);
    }
    process.stdout.write('seeds/registry is up to date\n');
  } else {
    mkdirSync(seedPath('registry'), { recursive: true });
    for (const f of files) {
      writeFileSync(seedPath(f.path), f.json);
      process.stdout.write(`${f.path}: ${JSON.stringify(f.counts)} via ${f.reader}; warnings ${JSON.stringify(f.warnings)}\n`);
    }
  }
}
