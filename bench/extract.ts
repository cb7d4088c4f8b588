/**
 * `npm run bench:extract` — extraction accuracy and speed, per format (PDF per ruling kind).
 *
 * Accuracy against every `*.gold.json` we have (tests/fixtures/reports, tests/fixtures/generated, tests/fixtures/pdf):
 * row recall, row precision, share of gold rows whose `content` equals ours after NFC + whitespace folding.
 * Speed, warm and in-process: median of several runs of `extract()`, per page (PDF) and per table; a 100-row
 * DOCX/XLSX table on its own. Memory: peak RSS of a child process extracting a ~100-page PDF, and of this process.
 *
 *   npm run bench:extract            (add --quick for fewer repetitions)
 *   npm run bench:extract -- --outside DIR [--verbose]   PDFs nobody here made only (bench/extract-outside.ts)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract, readDocument } from '#shared/extract';
import { loadGold, score, type GoldFile } from '#testkit/gold';
import { kindsFont, pdfKinds, scoreKind } from '#testkit/pdf-kinds';
import { readPdf } from '#shared/extract/pdf';
import { ExtractLimits } from '#shared/extract/model';

const ROOT = join(fileURLToPath(import.meta.url), '../..');
const QUICK = process.argv.includes('--quick');
const REPEAT = QUICK ? 2 : 5;

interface Case { file: string; gold?: GoldFile; label?: string }

function goldFor(dir: string, name: string): GoldFile | undefined {
  for (const g of [`${name}.gold.json`, name.replace(/\.\w+$/, '.gold.json')]) {
    const p = join(dir, g);
    if (!existsSync(p)) continue;
    const raw = JSON.parse(readFileSync(p, 'utf8')) as { extraRows?: unknown[]; rows: unknown[] };
    if (raw.extraRows) raw.rows = [...raw.rows, ...raw.extraRows];
    writeFileSync(join(TMP, g), JSON.stringify(raw));
    return loadGold(join(TMP, g));
  }
  return undefined;
}

const TMP = mkdtempSync(join(tmpdir(), 'bench-extract-'));

function cases(): Case[] {
  const out: Case[] = [];
  const dirs = ['tests/fixtures/reports', 'tests/fixtures/generated', 'tests/fixtures/pdf'].map((d) => join(ROOT, d));
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!/\.(docx|xlsx|pdf|html)$/.test(name)) continue;
      const gold = goldFor(dir, name);
      if (!gold) continue;
      out.push({ file: join(dir, name), gold });
    }
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median wall time and median CPU time (user+system of this process) of n warm runs. */
async function timeIt(fn: () => Promise<unknown>, n: number): Promise<{ wall: number; cpu: number }> {
  await fn(); // warm
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

interface Row { group: string; files: number; gold: number; extracted: number; found: number; exact: number; ms: number; cpu: number; pages: number; tables: number }

async function main(): Promise<void> {
  const groups = new Map<string, Row>();
  const problems: string[] = [];
  const hundred: Array<[string, { wall: number; cpu: number }]> = [];
  for (const c of cases()) {
    const bytes = new Uint8Array(readFileSync(c.file));
    const input = { bytes, name: c.file.split('/').pop()! };
    let read;
    try {
      read = await readDocument(input);
    } catch (err) {
      problems.push(`${input.name}: ${(err as Error).message}`);
      continue;
    }
    const rulings = read.tables.map((t) => t.ruling).filter(Boolean);
    const ruling = rulings.sort((a, b) => rulings.filter((x) => x === b).length - rulings.filter((x) => x === a).length)[0];
    const group = read.format === 'pdf' ? `pdf/${ruling ?? '?'}` : read.format;
    const result = await extract(input);
    const s = score(result, c.gold!);
    const ms = await timeIt(() => extract(input), /rows-100/.test(input.name) ? REPEAT : Math.max(2, REPEAT - 2));
    if (/rows-100/.test(input.name)) hundred.push([input.name, ms]);
    for (const m of s.missing) problems.push(`${input.name}: missing row "${m.slice(0, 60)}…"`);
    for (const m of s.inexact) problems.push(`${input.name}: inexact "${m.got.slice(0, 60)}…"`);
    const g = groups.get(group) ?? { group, files: 0, gold: 0, extracted: 0, found: 0, exact: 0, ms: 0, cpu: 0, pages: 0, tables: 0 };
    g.files++;
    g.gold += s.gold;
    g.extracted += s.extracted;
    g.found += s.found;
    g.exact += s.exact;
    g.ms += ms.wall;
    g.cpu += ms.cpu;
    g.pages += result.pages ?? 0;
    g.tables += read.tables.length;
    groups.set(group, g);
  }

  const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');
  const lines = [
    '| format | files | gold rows | row recall | row precision | exact content | ms/page wall (CPU) | ms/table wall (CPU) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const g of [...groups.values()].sort((a, b) => a.group.localeCompare(b.group))) {
    lines.push(`| ${g.group} | ${g.files} | ${g.gold} | ${pct(g.found, g.gold)} | ${pct(g.found, g.extracted)} | ${pct(g.exact, g.gold)} | ${g.pages ? `${(g.ms / g.pages).toFixed(0)} (${(g.cpu / g.pages).toFixed(0)})` : '—'} | ${(g.ms / g.tables).toFixed(0)} (${(g.cpu / g.tables).toFixed(0)}) |`);
  }
  console.log(lines.join('\n'));
  console.log('');
  for (const [name, ms] of hundred) console.log(`100-row table, ${name}: ${ms.wall.toFixed(0)} ms wall, ${ms.cpu.toFixed(0)} ms CPU (warm, median of ${REPEAT}, whole extract())`);
  await stages();
  await kinds();
  console.log(`(machine load average while measuring: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores: wall times include waiting for the CPU)`);
  if (problems.length) console.log(`\nProblems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  console.log(`\nPeak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  await bigPdf();
  rmSync(TMP, { recursive: true, force: true });
}

/** PDFs as other software writes them (testkit/pdf-kinds.ts, #14): per kind, rows found, exact cells, ms/page. */
async function kinds(): Promise<void> {
  if (!kindsFont()) return console.log('PDF kinds: skipped (no Unicode TTF font for the fixtures)');
  const limits = ExtractLimits.parse({});
  const lines = [
    '',
    '| PDF kind | pages | rows | rows found | row precision | exact cells | titles | ms/page wall (CPU) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');
  const all = { rows: 0, found: 0, extracted: 0, cells: 0, exact: 0 };
  for (const fx of await pdfKinds()) {
    const read = await readPdf(fx.bytes, limits);
    const s = scoreKind(fx, read.tables);
    const ms = await timeIt(() => readPdf(fx.bytes, limits), Math.max(2, REPEAT - 2));
    for (const k of Object.keys(all) as Array<keyof typeof all>) all[k] += s[k];
    lines.push(`| ${fx.name} | ${fx.pages} | ${s.rows} | ${pct(s.found, s.rows)} | ${pct(s.found, s.extracted)} | ${pct(s.exact, s.cells)} | ${s.titlesRight}/${s.titles} | ${(ms.wall / fx.pages).toFixed(0)} (${(ms.cpu / fx.pages).toFixed(0)}) |`);
  }
  lines.push(`| all kinds | | ${all.rows} | ${pct(all.found, all.rows)} | ${pct(all.found, all.extracted)} | ${pct(all.exact, all.cells)} | | |`);
  console.log(lines.join('\n'));
}

/** Where the time of a 100-row DOCX/XLSX goes: the library's parsing vs our grid + understanding (CPU ms). */
async function stages(): Promise<void> {
  const { default: mammoth } = await import('mammoth');
  const { parseHtmlTables, rawTablesFromHtml } = await import('#shared/extract/html');
  const { readXlsx } = await import('#shared/extract/xlsx');
  const { understandTables } = await import('#shared/understand');
  const docx = readFileSync(join(ROOT, 'tests/fixtures/generated/rows-100.docx'));
  const xlsx = readFileSync(join(ROOT, 'tests/fixtures/generated/rows-100.xlsx'));
  const html = (await mammoth.convertToHtml({ buffer: docx })).value;
  const docRaw = rawTablesFromHtml(parseHtmlTables(html).tables);
  const xRaw = (await readXlsx(xlsx)).tables;
  const m = (await timeIt(() => mammoth.convertToHtml({ buffer: docx }), REPEAT)).cpu;
  const g = (await timeIt(async () => rawTablesFromHtml(parseHtmlTables(html).tables), REPEAT)).cpu;
  const u = (await timeIt(async () => understandTables(structuredClone(docRaw)), REPEAT)).cpu;
  const x = (await timeIt(() => readXlsx(xlsx), REPEAT)).cpu;
  const ux = (await timeIt(async () => understandTables(structuredClone(xRaw)), REPEAT)).cpu;
  console.log(`  stages (CPU ms): DOCX mammoth.convertToHtml ${m.toFixed(0)} + HTML→grid ${g.toFixed(0)} + understand ${u.toFixed(0)}; XLSX exceljs+grid ${x.toFixed(0)} + understand ${ux.toFixed(0)}`);
}

/** A ~100-page PDF (E2's fixture generator), extracted in a child process to measure its peak memory alone. */
async function bigPdf(): Promise<void> {
  const gen = join(ROOT, 'tests/fixtures/pdf/generate.ts');
  if (!existsSync(gen)) return console.log('100-page PDF: skipped (no PDF fixture generator)');
  const { reportPdf } = (await import(gen)) as { reportPdf?: (o: { ruling: string; rows?: number }) => Promise<{ bytes: Uint8Array; pages: number }> };
  if (!reportPdf) return;
  let rows = 400;
  let made = await reportPdf({ ruling: 'stroked', rows });
  if (made.pages < 90) made = await reportPdf({ ruling: 'stroked', rows: (rows = Math.ceil((rows * 100) / made.pages)) });
  const path = join(TMP, 'big.pdf');
  writeFileSync(path, made.bytes);
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', path], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  console.log(`${made.pages}-page PDF (${rows} rows, stroked), child process: ${child.stdout.trim() || child.stderr.trim().split('\n').slice(-3).join(' ')}`);
}

async function child(path: string): Promise<void> {
  const bytes = new Uint8Array(readFileSync(path));
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  const result = await extract({ bytes, name: 'big.pdf' }, { limits: { maxPages: 1000 } });
  const ms = performance.now() - t0;
  const rows = result.tables.reduce((n, t) => n + (t.kind === 'tasks' ? t.rows.length : 0), 0);
  console.log(`${rows} rows read in ${ms.toFixed(0)} ms (cold, ${(ms / (result.pages ?? 1)).toFixed(1)} ms/page); RSS before ${(before / 1048576).toFixed(0)} MB, peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

if (process.argv.includes('--child')) await child(process.argv[process.argv.indexOf('--child') + 1]!);
else if (process.argv.includes('--outside')) {
  const { outside } = await import('./extract-outside');
  await outside(process.argv[process.argv.indexOf('--outside') + 1] ?? '/tmp/outside-pdfs', process.argv.includes('--verbose'));
  rmSync(TMP, { recursive: true, force: true });
} else await main();
