/**
 * `npm run bench:extract -- --outside DIR [--verbose]` — the PDF reader on PDFs nobody here made (#14).
 *
 * The PDFs are the test documents other PDF-table projects ship in their npm packages (US state election
 * statistics from Excel, Word, InDesign and a report generator, a census file-format spec, a journal article, a
 * pesticide table, a share application form); they are not ours to commit, so DIR holds them:
 * `bash tests/fixtures/outside/fetch.sh DIR` fetches them with `npm pack` (see tests/fixtures/outside/README.md).
 * Gold: tests/fixtures/outside/*.gold.json (a sample of each table's rows, made by hand from `pdftotext -layout`).
 *
 * Prints per document: tables found / gold tables, rows found, exact cells, ms/page wall and CPU (warm, median of 3); then the
 * same by kind (ruled, borderless). Each gold table is scored against the reader's grids (testkit/outside.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPdf } from '#shared/extract/pdf';
import { ExtractError, ExtractLimits } from '#shared/extract/model';
import { loadOutsideGold, scoreOutside, type TableScore } from '#testkit/outside';

const ROOT = join(fileURLToPath(import.meta.url), '../..');
const GOLD = join(ROOT, 'tests/fixtures/outside');

const pct = (a: number, b: number): string => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');

export async function outside(dir: string, verbose = false): Promise<void> {
  const limits = ExtractLimits.parse({ maxPages: 1000, timeoutMs: 120_000 });
  const golds = readdirSync(GOLD).filter((f) => f.endsWith('.gold.json')).sort().map((f) => loadOutsideGold(join(GOLD, f)));
  const lines = [
    `PDFs nobody here made (${dir}; gold: tests/fixtures/outside):`,
    '',
    '| document | writer | pages | tables found | rows found | exact cells | ms/page wall (CPU) |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  const all: TableScore[] = [];
  const notes: string[] = [];
  for (const g of golds) {
    const path = join(dir, g.file);
    if (!existsSync(path)) { lines.push(`| ${g.file} | ${g.writer} | missing: run tests/fixtures/outside/fetch.sh | | | | |`); continue; }
    const bytes = new Uint8Array(readFileSync(path));
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== g.sha256) notes.push(`${g.file}: SHA-256 differs from the gold's (another version of the file?)`);
    let read;
    try {
      read = await readPdf(bytes, limits);
    } catch (err) {
      const code = err instanceof ExtractError ? err.code : (err as Error).name;
      lines.push(`| ${g.file} | ${g.writer} | | error: ${code} | | | |`);
      all.push(...g.tables.map((t) => ({ kind: t.kind, page: t.page, found: false, rows: t.rows.length, rowsFound: 0, cells: t.rows.reduce((n, r) => n + r.length, 0), exact: 0, wrong: [] })));
      continue;
    }
    const times: number[] = [];
    const cpus: number[] = [];
    for (let k = 0; k < 3; k++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await readPdf(bytes, limits);
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpus.push((c.user + c.system) / 1000);
    }
    const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]! / read.pages;
    const ms = `${mid(times).toFixed(0)} (${mid(cpus).toFixed(0)})`;
    const s = scoreOutside(read.tables, g);
    all.push(...s);
    const sum = (f: (t: TableScore) => number) => s.reduce((n, t) => n + f(t), 0);
    lines.push(`| ${g.file} | ${g.writer} | ${read.pages} | ${sum((t) => +t.found)}/${s.length} | ${pct(sum((t) => t.rowsFound), sum((t) => t.rows))} | ${pct(sum((t) => t.exact), sum((t) => t.cells))} | ${ms} |`);
    if (verbose) {
      for (const t of s) for (const w of t.wrong.slice(0, 4)) {
        notes.push(`${g.file} p${t.page}: want ${JSON.stringify(w.want)}\n      got  ${w.got ? JSON.stringify(w.got) : '(no row)'}`);
      }
    }
  }
  lines.push('', '| kind | gold tables | tables found | gold rows | rows found | cells | exact cells |', '|---|---:|---:|---:|---:|---:|---:|');
  for (const kind of ['ruled', 'borderless'] as const) {
    const s = all.filter((t) => t.kind === kind);
    const sum = (f: (t: TableScore) => number) => s.reduce((n, t) => n + f(t), 0);
    lines.push(`| ${kind} | ${s.length} | ${sum((t) => +t.found)} | ${sum((t) => t.rows)} | ${pct(sum((t) => t.rowsFound), sum((t) => t.rows))} | ${sum((t) => t.cells)} | ${pct(sum((t) => t.exact), sum((t) => t.cells))} |`);
  }
  console.log(lines.join('\n'));
  if (notes.length) console.log(`\n${notes.map((n) => `  - ${n}`).join('\n')}`);
}
