/**
 * `npm run bench:cold` — cold start of each function bundle, against the AWS SDK clients it uses.
 *
 * Each function is bundled exactly as `cdk synth` bundles it (infra/constructs/bundling.ts: esbuild, ESM, minified,
 * the AWS SDK external because the Lambda runtime provides it). Its baseline is a bundle holding only the AWS SDK
 * packages that function imports. Both are imported in fresh Node processes (the functions' NODE_OPTIONS),
 * alternately, ROUNDS times; the median import time of each is printed, and their ratio (goal: ≤ 2×).
 * Sizes: the bundle's code and its source map (which Node does not load at start).
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUNDLE, EXTERNAL_MODULES, FUNCTION_ENTRIES, NODE_OPTIONS } from '../infra/constructs/bundling';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out', 'cold');
const ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 7);

async function bundle(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry], outfile, bundle: true, format: BUNDLE.format, target: BUNDLE.target, platform: BUNDLE.platform,
    minify: BUNDLE.minify, sourcemap: BUNDLE.sourceMap, sourcesContent: BUNDLE.sourcesContent, mainFields: BUNDLE.mainFields,
    banner: { js: BUNDLE.banner }, external: EXTERNAL_MODULES, logLevel: 'error',
  });
}

/** milliseconds to import the module in a fresh process: wall clock, and CPU (user + system, less shaken by a busy machine). */
function importTime(file: string): { wall: number; cpu: number } {
  const code = `const t=performance.now(),c=process.cpuUsage();await import(${JSON.stringify(pathToFileURL(file).href)});`
    + 'const u=process.cpuUsage(c);process.stdout.write(JSON.stringify({wall:performance.now()-t,cpu:(u.user+u.system)/1000}))';
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: ROOT, encoding: 'utf8',
    env: { PATH: process.env.PATH, NODE_OPTIONS, INTAKE_SEEDS_DIR: join(ROOT, 'seeds'), AWS_REGION: 'ap-southeast-1', POWERTOOLS_SERVICE_NAME: 'bench' },
  });
  return JSON.parse(out) as { wall: number; cpu: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
console.log(`cold start: median of ${ROUNDS} fresh imports each (NODE_OPTIONS=${NODE_OPTIONS}), Node ${process.version}`);
console.log('function        code      map   import (cpu)   AWS SDK only (cpu)   ratio (cpu)');
let worst = 0;
let worstCpu = 0;
for (const [name, entry] of Object.entries(FUNCTION_ENTRIES)) {
  const fn = join(OUT, `${name}.mjs`);
  await bundle(join(ROOT, 'functions', entry), fn);
  const sdk = [...new Set(readFileSync(fn, 'utf8').match(/from"@aws-sdk\/[a-z0-9-]+"/g) ?? [])].map((m) => m.slice(5, -1)).sort();
  const baseEntry = join(OUT, `${name}-sdk-entry.mjs`);
  writeFileSync(baseEntry, `${sdk.map((p, i) => `import * as m${i} from '${p}';`).join('\n')}\nglobalThis.__sdk = [${sdk.map((_, i) => `m${i}`).join(', ')}];\n`);
  const base = join(OUT, `${name}-sdk.mjs`);
  await bundle(baseEntry, base);
  importTime(fn); importTime(base); // warm the file cache
  const t: Array<{ wall: number; cpu: number }> = []; const b: typeof t = [];
  for (let i = 0; i < ROUNDS; i++) { t.push(importTime(fn)); b.push(importTime(base)); }
  const [tw, tc, bw, bc] = [median(t.map((x) => x.wall)), median(t.map((x) => x.cpu)), median(b.map((x) => x.wall)), median(b.map((x) => x.cpu))];
  worst = Math.max(worst, tw / bw);
  worstCpu = Math.max(worstCpu, tc / bc);
  const ms = (w: number, c: number) => `${w.toFixed(0)} ms (${c.toFixed(0)})`;
  console.log(`${name.padEnd(10)} ${mb(statSync(fn).size).padStart(8)} ${mb(statSync(`${fn}.map`).size).padStart(9)} ${ms(tw, tc).padStart(14)} ${ms(bw, bc).padStart(20)} ${`${(tw / bw).toFixed(2)}× (${(tc / bc).toFixed(2)}×)`.padStart(14)}`);
  console.log(`${''.padEnd(10)} AWS SDK: ${sdk.join(', ')}`);
}
console.log(`worst ratio ${worst.toFixed(2)}× wall, ${worstCpu.toFixed(2)}× CPU (goal ≤ 2×)`);
