/**
 * How fast the guards refuse hostile input (moved here from the unit tests, which assert behaviour only):
 * - the zip-bomb check of a DOCX/XLSX claiming > 1 GB unpacked (reads the central directory only);
 * - the MIME pre-scan of a message with 5,000 parts.
 * Prints the median of N runs in ms; the goal for each is well under 2,000 ms.
 *
 *   npm run bench:limits
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract } from '#shared/extract';
import { inboundLimits } from '#shared/inbound/limits';
import { scanMime } from '#shared/inbound/mime-scan';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const RUNS = 7;

async function median(run: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    try { await run(); } catch { /* refused: that is what we time */ }
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

const bomb = { bytes: new Uint8Array(readFileSync(join(ROOT, 'tests/fixtures/generated/bomb-claimed.xlsx'))), name: 'bomb-claimed.xlsx' };
const one = '--w\r\nContent-Type: text/plain\r\n\r\nx\r\n';
const wide = new Uint8Array(Buffer.from(`From: a@b.vn\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="w"\r\n\r\n${one.repeat(5000)}--w--\r\n`));
const limits = inboundLimits({}, {});

const rows = [
  ['zip-bomb check (XLSX claiming > 1 GB)', await median(() => extract(bomb))],
  ['MIME pre-scan, 5,000 parts', await median(() => scanMime(wide, limits))],
] as const;
for (const [what, ms] of rows) process.stdout.write(`${what.padEnd(42)} ${ms.toFixed(1).padStart(8)} ms (median of ${RUNS}; goal < 2000)\n`);
