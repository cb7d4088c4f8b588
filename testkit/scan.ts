/**
 * Synthetic scans of our own report tables, for the OCR tests and `npm run bench:ocr`: a table rendered by headless
 * Chromium (the system DejaVu fonts carry Vietnamese) at a scan resolution, optionally skewed, with speckle noise,
 * a red stamp and a signature, shot as PNG or JPEG, then wrapped in an image-only PDF (pdfkit) when wanted.
 * Deterministic for a given seed. Never reads /work/shared.
 */
import { chromium, type Browser } from 'playwright-core';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { toGray, type Gray } from '#shared/extract/ocr/image';
import { readPng } from './png';

export const CHROMIUM = '/usr/bin/chromium';

export interface ScanTable {
  /** header rows; a cell `{ text, colspan, rowspan }` or a plain string */
  header: Array<Array<string | { text: string; colspan?: number; rowspan?: number }>>;
  rows: string[][];
  /** column widths in mm (A4 landscape: ~270 mm usable) */
  widths: number[];
  title?: string;
}

export interface ScanOptions {
  dpi?: number;
  /** degrees, clockwise */
  skew?: number;
  /** share of pixels flipped to dark specks (e.g. 0.002) */
  noise?: number;
  stamp?: boolean;
  signature?: boolean;
  format?: 'png' | 'jpeg';
  /** JPEG quality 0–100 */
  quality?: number;
  seed?: number;
  /** no ruling lines */
  borderless?: boolean;
  /** the sheet scanned turned by this many degrees clockwise (90 and 270 give a portrait image) */
  turn?: 0 | 90 | 180 | 270;
}

const sideways = (o: ScanOptions): boolean => o.turn === 90 || o.turn === 270;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function scanHtml(t: ScanTable, o: ScanOptions = {}): string {
  const border = o.borderless ? 'none' : '1px solid #000';
  const head = t.header.map((r) => `<tr>${r.map((c) => {
    const cell = typeof c === 'string' ? { text: c } : c;
    return `<th${cell.colspan ? ` colspan="${cell.colspan}"` : ''}${cell.rowspan ? ` rowspan="${cell.rowspan}"` : ''}>${esc(cell.text)}</th>`;
  }).join('')}</tr>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('');
  const seed = o.seed ?? 1;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    @page { size: A4 landscape; margin: 0 }
    html, body { margin: 0; background: #fff }
    #sheet { width: 297mm; height: 210mm; position: absolute; ${sideways(o) ? 'left: -43.5mm; top: 43.5mm' : 'left: 0; top: 0'}; overflow: hidden; transform: rotate(${(o.turn ?? 0) + (o.skew ?? 0)}deg); transform-origin: 50% 50% }
    #content { position: absolute; left: 14mm; top: 12mm; right: 14mm; font: 12pt 'DejaVu Serif', serif; color: #111 }
    h1 { font-size: 13pt; text-align: center; margin: 0 0 4mm }
    table { border-collapse: collapse; table-layout: fixed; width: ${t.widths.reduce((a, b) => a + b, 0)}mm }
    th, td { border: ${border}; padding: 1.5mm 1.5mm; vertical-align: middle; line-height: 1.3 }
    th { font-weight: bold; text-align: center }
    td:first-child { text-align: center }
    #stamp { position: absolute; right: 30mm; bottom: 14mm; width: 38mm; height: 38mm; border: 1.2mm solid rgba(200,20,20,.75); border-radius: 50%;
      color: rgba(200,20,20,.75); font: bold 9pt sans-serif; display: flex; align-items: center; justify-content: center; text-align: center }
    canvas { position: absolute; left: 0; top: 0; width: 297mm; height: 210mm }
  </style></head><body><div id="sheet"><div id="content">
    ${t.title ? `<h1>${esc(t.title)}</h1>` : ''}
    <table><colgroup>${t.widths.map((w) => `<col style="width:${w}mm">`).join('')}</colgroup><thead>${head}</thead><tbody>${body}</tbody></table>
  </div>
  ${o.stamp ? '<div id="stamp">UBND<br>ĐÃ KÝ</div>' : ''}
  ${o.signature ? '<svg style="position:absolute;right:70mm;bottom:18mm" width="160" height="60"><path d="M5 40 C 30 0, 50 70, 80 30 S 120 10, 150 45" stroke="#123" stroke-width="2.5" fill="none"/></svg>' : ''}
  <canvas id="noise"></canvas></div>
  <script>
    (() => {
      const c = document.getElementById('noise'); const r = c.getBoundingClientRect();
      c.width = r.width * devicePixelRatio; c.height = r.height * devicePixelRatio;
      const g = c.getContext('2d'); let a = ${seed} >>> 0;
      const rnd = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
      const n = Math.round(c.width * c.height * ${o.noise ?? 0});
      g.fillStyle = '#333';
      for (let i = 0; i < n; i++) g.fillRect(Math.floor(rnd() * c.width), Math.floor(rnd() * c.height), 1 + Math.floor(rnd() * 2), 1 + Math.floor(rnd() * 2));
    })();
  </script></body></html>`;
}

/** Renders scans with one browser. */
export class Scanner {
  private constructor(private readonly browser: Browser) {}
  static async open(): Promise<Scanner> {
    return new Scanner(await chromium.launch({ executablePath: CHROMIUM }));
  }
  /** the page image as PNG or JPEG bytes (A4 landscape at `dpi`) */
  async shoot(t: ScanTable, o: ScanOptions = {}): Promise<Buffer> {
    const dpi = o.dpi ?? 200;
    const [w, h] = sideways(o) ? [794, 1123] : [1123, 794];
    const ctx = await this.browser.newContext({ viewport: { width: w, height: h }, deviceScaleFactor: dpi / 96 });
    try {
      const page = await ctx.newPage();
      await page.setContent(scanHtml(t, o));
      // the A4 sheet exactly (a skewed sheet's corners are cut, as a scanner's glass does)
      const clip = { x: 0, y: 0, width: w, height: h };
      return o.format === 'jpeg' ? await page.screenshot({ type: 'jpeg', quality: o.quality ?? 60, clip }) : await page.screenshot({ type: 'png', clip });
    } finally {
      await ctx.close();
    }
  }
  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** A PNG shot → grey pixels. */
export function pngToGray(png: Buffer): Gray {
  const p = readPng(png);
  return toGray(p.width, p.height, p.data, p.channels);
}

/** Page images (PNG or JPEG bytes) → an image-only PDF, one image per A4 page (landscape, or portrait for a portrait image). */
export async function imagePdf(images: Buffer[]): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0, autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  for (const bytes of images) {
    const img = (doc as unknown as { openImage(b: Buffer): { width: number; height: number } }).openImage(bytes);
    doc.addPage({ size: 'A4', layout: img.height > img.width ? 'portrait' : 'landscape', margin: 0 });
    doc.image(img as unknown as Buffer, 0, 0, { width: doc.page.width, height: doc.page.height });
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * A hand-written image-only PDF whose pages each paint one image XObject with the given dictionary entries and
 * stream bytes (for broken scans: huge declared dimensions, a 0-byte stream, garbage JPEG data), or `pages` blank
 * copies of the first one.
 */
export function handImagePdf(images: Array<{ dict: string; stream: Uint8Array }>, opts: { repeat?: number } = {}): Uint8Array {
  const list = opts.repeat ? Array.from({ length: opts.repeat }, () => images[0]!) : images;
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let size = 0;
  const push = (b: Buffer) => { parts.push(b); size += b.length; };
  const obj = (n: number, body: Buffer | string, stream?: Uint8Array) => {
    offsets[n] = size;
    push(Buffer.from(`${n} 0 obj\n`, 'latin1'));
    push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    if (stream) { push(Buffer.from('\nstream\n', 'latin1')); push(Buffer.from(stream)); push(Buffer.from('\nendstream', 'latin1')); }
    push(Buffer.from('\nendobj\n', 'latin1'));
  };
  push(Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'));
  const n = list.length;
  // 1 catalog, 2 pages, then per page: page, contents, image
  const kids = list.map((_, i) => `${3 + i * 3} 0 R`).join(' ');
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, `<< /Type /Pages /Kids [${kids}] /Count ${n} >>`);
  list.forEach((img, i) => {
    const p = 3 + i * 3;
    const content = Buffer.from('q 842 0 0 595 0 0 cm /Im0 Do Q', 'latin1');
    obj(p, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents ${p + 1} 0 R /Resources << /XObject << /Im0 ${p + 2} 0 R >> >> >>`);
    obj(p + 1, `<< /Length ${content.length} >>`, content);
    obj(p + 2, `<< /Type /XObject /Subtype /Image ${img.dict} /Length ${img.stream.length} >>`, img.stream);
  });
  const xref = size;
  const count = 3 + n * 3;
  let table = `xref\n0 ${count}\n0000000000 65535 f \n`;
  for (let k = 1; k < count; k++) table += `${String(offsets[k]).padStart(10, '0')} 00000 n \n`;
  push(Buffer.from(`${table}trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

/** Grey page images → a 1-bit image-only PDF (each page one 1-bpc DeviceGray Flate image, as a bilevel scanner writes). */
export function bilevelPdf(pages: Gray[], threshold = 160): Uint8Array {
  return handImagePdf(pages.map((g) => {
    const stride = (g.width + 7) >> 3;
    const bits = new Uint8Array(stride * g.height);
    // DeviceGray 1 bpc: 1 is white
    for (let y = 0; y < g.height; y++) for (let x = 0; x < g.width; x++) if (g.data[y * g.width + x] > threshold) bits[y * stride + (x >> 3)] |= 0x80 >> (x & 7);
    return { dict: `/Width ${g.width} /Height ${g.height} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode`, stream: new Uint8Array(deflateSync(bits)) };
  }));
}

/**
 * A grey page as a baseline TIFF (uncompressed, little-endian): 8-bit BlackIsZero in one strip, or 1-bit
 * WhiteIsZero (as fax and bilevel scanners write) in strips of `rowsPerStrip` rows. `pages` copies make a
 * multi-page TIFF.
 */
export function tiffOf(g: Gray, o: { bilevel?: boolean; rowsPerStrip?: number; pages?: number } = {}): Uint8Array {
  const { width: w, height: h } = g;
  let data: Uint8Array;
  if (o.bilevel) {
    const stride = (w + 7) >> 3;
    data = new Uint8Array(stride * h);
    // WhiteIsZero: 1 is black. Threshold 200: Chromium draws some 1 px borders as grey pixel pairs that a lighter
    // threshold drops (a printed rule is black; a bilevel scanner keeps it)
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (g.data[y * w + x] <= 200) data[y * stride + (x >> 3)] |= 0x80 >> (x & 7);
  } else data = g.data;
  const rowBytes = o.bilevel ? (w + 7) >> 3 : w;
  const rps = Math.min(h, o.rowsPerStrip ?? h);
  const strips = Math.ceil(h / rps);
  const pages = o.pages ?? 1;
  const parts: Buffer[] = [Buffer.alloc(8)];
  parts[0]!.write('II', 0, 'latin1'); parts[0]!.writeUInt16LE(42, 2);
  let size = 8;
  const dataAt = size;
  parts.push(Buffer.from(data)); size += data.length;
  let prev: Buffer | undefined;
  for (let p = 0; p < pages; p++) {
    // strip offsets and counts arrays
    const offs = Buffer.alloc(4 * strips), cnts = Buffer.alloc(4 * strips);
    for (let s = 0; s < strips; s++) {
      offs.writeUInt32LE(dataAt + s * rps * rowBytes, 4 * s);
      cnts.writeUInt32LE(Math.min(rps, h - s * rps) * rowBytes, 4 * s);
    }
    const offsAt = size; parts.push(offs); size += offs.length;
    const cntsAt = size; parts.push(cnts); size += cnts.length;
    const entries: Array<[number, number, number, number]> = [
      [256, 4, 1, w], [257, 4, 1, h], [258, 3, 1, o.bilevel ? 1 : 8], [259, 3, 1, 1], [262, 3, 1, o.bilevel ? 0 : 1],
      [273, 4, strips, strips === 1 ? dataAt : offsAt], [277, 3, 1, 1], [278, 4, 1, rps], [279, 4, strips, strips === 1 ? data.length : cntsAt],
    ];
    const ifd = Buffer.alloc(2 + entries.length * 12 + 4);
    ifd.writeUInt16LE(entries.length, 0);
    entries.forEach(([tag, type, count, v], i) => {
      const e = 2 + i * 12;
      ifd.writeUInt16LE(tag, e); ifd.writeUInt16LE(type, e + 2); ifd.writeUInt32LE(count, e + 4);
      if (type === 3 && count === 1) ifd.writeUInt16LE(v, e + 8); else ifd.writeUInt32LE(v, e + 8);
    });
    const ifdAt = size;
    if (prev) prev.writeUInt32LE(ifdAt, prev.length - 4);
    else parts[0]!.writeUInt32LE(ifdAt, 4);
    parts.push(ifd); size += ifd.length;
    prev = ifd;
  }
  return new Uint8Array(Buffer.concat(parts));
}
