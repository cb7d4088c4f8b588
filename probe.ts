import { pdfKinds, scoreKind } from '#testkit/pdf-kinds';
import { readPdf } from '#shared/extract/pdf';
import { ExtractLimits } from '#shared/extract/model';
import { writeFileSync } from 'node:fs';
const only = process.argv[2];
for (const fx of await pdfKinds()) {
  if (only && fx.name !== only) continue;
  writeFileSync(`/tmp/pdfp/${fx.name}.pdf`, fx.bytes);
  try {
    const t0 = performance.now();
    const r = await readPdf(fx.bytes, ExtractLimits.parse({}));
    const ms = performance.now() - t0;
    const s = scoreKind(fx, r.tables);
    console.log(fx.name, JSON.stringify(s), `${ms.toFixed(0)}ms`, 'tables', r.tables.length);
    if (only) for (const t of r.tables) { console.log('TITLE', t.title); for (const row of t.grid) console.log('  ', JSON.stringify(row.map((c) => (c.covered ? '<' : '') + c.text))); }
  } catch (e) { console.log(fx.name, 'ERR', (e as Error).message); }
}
