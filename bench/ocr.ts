/**
 * `npm run bench:ocr`: synthetic scans of registry tasks (Chromium-rendered tables at 200 dpi: skew, speckles,
 * JPEG q60, a stamp and a signature, 1-bit pages, pages turned sideways and upside down) read back by the OCR reader. Prints per scan: rows found, content cells exact
 * and character accuracy (with and without diacritics), deadline cells exact, status (mark) agreement, the title's
 * character accuracy (the lines above the first page's table), seconds per
 * page with 1 and 2 workers (warm), and the process's peak RSS.
 */
import { createOcrEngine, ocrExtractResult, ocrPdfPages } from '#shared/extract/ocr';
import { seedRegistry } from '#shared/registry';
import { charAccuracy } from '#testkit/ocr-score';
import { bilevelPdf, imagePdf, pngToGray, Scanner, type ScanOptions, type ScanTable } from '#testkit/scan';

const MARKS = ['completed', 'not_completed', 'recurring'] as const;
const tasks = seedRegistry().filter((t) => t.content.length < 260);
const SCANS: Array<{ name: string; pages: number; opts: ScanOptions; turns?: Array<ScanOptions['turn']>; bilevel?: boolean }> = [
  { name: 'clean png, no skew', pages: 2, opts: {} },
  { name: 'skew 1.2°, speckles, JPEG q60', pages: 2, opts: { skew: 1.2, noise: 0.001, format: 'jpeg', quality: 60 } },
  { name: 'skew −0.6°, stamp + signature, JPEG q60', pages: 2, opts: { skew: -0.6, stamp: true, signature: true, format: 'jpeg', quality: 60, noise: 0.0005 } },
  { name: 'turned 90° / 180°, skew 0.8°, JPEG q60', pages: 2, opts: { skew: 0.8, format: 'jpeg', quality: 60, noise: 0.0005 }, turns: [90, 180] },
  { name: '1-bit (1 bpc), skew 0.5°, speckles', pages: 2, opts: { skew: 0.5, noise: 0.0005 }, bilevel: true },
];
const ROWS = 5;
const TITLE = 'PHỤ LỤC 01: KẾT QUẢ THỰC HIỆN NHIỆM VỤ ĐỀ ÁN 06 (Kèm theo Báo cáo số 112/BC-UBND ngày 20/6/2024)';

function table(page: number, offset: number): { t: ScanTable; gold: Array<{ content: string; deadline: string; mark: (typeof MARKS)[number] }> } {
  const gold = Array.from({ length: ROWS }, (_, i) => {
    const task = tasks[(offset + page * ROWS + i) * 7 % tasks.length]!;
    return { content: task.content, deadline: task.deadline.raw, mark: MARKS[(page + i) % 3]! };
  });
  return {
    gold,
    t: {
      ...(page === 0 ? { title: TITLE } : {}),
      widths: [12, 140, 38, 26, 26, 26],
      header: [['STT', 'Nội dung nhiệm vụ', 'Thời hạn', { text: 'Kết quả', colspan: 3 }], ['', '', '', 'Hoàn thành', 'Chưa hoàn thành', 'Thực hiện thường xuyên']],
      rows: gold.map((g, i) => [String(page * ROWS + i + 1), g.content, g.deadline, g.mark === 'completed' ? 'x' : '', g.mark === 'not_completed' ? 'x' : '', g.mark === 'recurring' ? 'x' : '']),
    },
  };
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
let peak = process.memoryUsage().rss;
const sample = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);

const scanner = await Scanner.open();
const built: Array<{ name: string; pdf: Uint8Array; gold: ReturnType<typeof table>['gold'] }> = [];
for (const [k, s] of SCANS.entries()) {
  const images: Buffer[] = [];
  const gold: ReturnType<typeof table>['gold'] = [];
  for (let p = 0; p < s.pages; p++) {
    const { t, gold: g } = table(p, k * 13);
    images.push(await scanner.shoot(t, { ...s.opts, seed: k * 10 + p, ...(s.turns ? { turn: s.turns[p] } : {}) }));
    gold.push(...g);
  }
  built.push({ name: s.name, pdf: s.bilevel ? bilevelPdf(images.map(pngToGray)) : await imagePdf(images), gold });
}
await scanner.close();

const limits = { maxPages: 300, timeoutMs: 600_000 };
for (const workers of [1, 2]) {
  const engine = await createOcrEngine({ workers });
  await ocrPdfPages(built[0]!.pdf, { engine, limits, to: 1 }); // warm up
  console.log(`\n${workers} worker(s)`);
  for (const b of built) {
    const started = performance.now();
    const { pages, results } = await ocrPdfPages(b.pdf, { engine, limits });
    const secs = (performance.now() - started) / 1000 / pages;
    const tasksTables = ocrExtractResult(results, pages).tables.filter((t) => t.kind === 'tasks');
    const rows = tasksTables.flatMap((t) => t.rows);
    const title = charAccuracy((tasksTables[0]?.title ?? '').slice(0, TITLE.length + 10), TITLE);
    let found = 0, exact = 0, acc = 0, accFold = 0, dl = 0, st = 0;
    b.gold.forEach((g, i) => {
      const r = rows.find((x) => x.stt === String(i + 1));
      if (!r) return;
      found++;
      if ((r.content ?? '') === g.content) exact++;
      acc += charAccuracy(r.content ?? '', g.content);
      accFold += charAccuracy(r.content ?? '', g.content, { diacritics: false });
      if ((r.deadline ?? '') === g.deadline) dl++;
      if (r.statusMark === g.mark) st++;
    });
    const n = b.gold.length;
    console.log(`${b.name.padEnd(42)} rows ${found}/${n}  content exact ${pct(exact / n)}  chars ${pct(acc / Math.max(1, found))} (no diacritics ${pct(accFold / Math.max(1, found))})  deadline exact ${pct(dl / n)}  status ${pct(st / n)}  title chars ${pct(title)}  ${secs.toFixed(2)} s/page`);
  }
  await engine.close();
}
clearInterval(sample);
console.log(`\npeak RSS ${(peak / 1024 / 1024).toFixed(0)} MB`);
