/**
 * Scans sent as image files (JPEG, PNG, TIFF) → an image-only PDF the OCR reader takes like any scanned PDF, its
 * images embedded as they are (PDF.js decodes JPEG, Flate with PNG predictors, LZW, RunLength and CCITT itself;
 * nothing is decoded here except a PNG with an alpha channel). Headers only are read first: the declared size is
 * checked against MAX_IMAGE_PIXELS, and the page count of a TIFF against the page limit, before any pixel is
 * touched (image bombs refused). Anything we cannot embed is a typed refusal naming what to send instead.
 */
import { inflateSync, deflateSync } from 'node:zlib';
import { ExtractError, type ExtractLimits } from '#shared/extract/model';
import { MAX_IMAGE_PIXELS } from './pdf-images';

export type ImageFormat = 'png' | 'jpeg' | 'tiff';

const starts = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** The image format of a file, from its first bytes. */
export function imageFormat(b: Uint8Array): ImageFormat | undefined {
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(b, [0x49, 0x49, 0x2a, 0x00]) || starts(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  return undefined;
}

/** The declared size of a JPEG, PNG or TIFF (its first page), from its header alone; undefined when unreadable. */
export function imageSize(b: Uint8Array): { width: number; height: number } | undefined {
  try {
    const format = imageFormat(b);
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    if (format === 'png') return b.length >= 24 ? { width: dv.getUint32(16), height: dv.getUint32(20) } : undefined;
    if (format === 'jpeg') {
      for (let i = 2; i + 9 < b.length;) {
        if (b[i] !== 0xff) return undefined;
        const m = b[i + 1];
        if (m === 0xff) { i++; continue; }
        if (m === 0xd8 || (m >= 0xd0 && m <= 0xd7) || m === 0x01) { i += 2; continue; }
        if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return { width: dv.getUint16(i + 7), height: dv.getUint16(i + 5) };
        if (m === 0xda) return undefined;
        i += 2 + dv.getUint16(i + 2);
      }
      return undefined;
    }
    if (format === 'tiff') {
      const le = b[0] === 0x49;
      const ifd = dv.getUint32(4, le), n = dv.getUint16(ifd, le);
      let width = 0, height = 0;
      for (let k = 0; k < n; k++) {
        const e = ifd + 2 + k * 12, tag = dv.getUint16(e, le), type = dv.getUint16(e + 2, le);
        const v = type === 3 ? dv.getUint16(e + 8, le) : dv.getUint32(e + 8, le);
        if (tag === 256) width = v;
        if (tag === 257) height = v;
      }
      return width && height ? { width, height } : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** One page image as a PDF image XObject: its dictionary entries (no /Length) and stream. */
interface Embedded { width: number; height: number; dict: string; stream: Uint8Array }

const corrupt = (what: string) => new ExtractError('corrupt', `The ${what} image is damaged or truncated.`, { image: what });
const unsupported = (what: string, why: string) => new ExtractError('unsupported_type',
  `This ${what} image cannot be read (${why}); send the scan as PDF or JPEG.`, { image: what, why });

function checkSize(what: string, width: number, height: number): void {
  if (!(width > 0 && height > 0)) throw corrupt(what);
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new ExtractError('too_large', `The ${what} image declares ${width} × ${height} pixels, over the ${MAX_IMAGE_PIXELS / 1e6} Mpx limit; it was not decoded.`,
      { image: what, width, height, maxPixels: MAX_IMAGE_PIXELS });
  }
}

// ── JPEG ──────────────────────────────────────────────────────────────────────────────────────────────────────
function jpeg(b: Uint8Array): Embedded {
  let i = 2, adobe = false;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) throw corrupt('jpeg');
    const m = b[i + 1];
    if (m === 0xff) { i++; continue; }
    if (m === 0xd8 || (m >= 0xd0 && m <= 0xd7) || m === 0x01) { i += 2; continue; }
    const len = (b[i + 2] << 8) | b[i + 3];
    if (len < 2 || i + 2 + len > b.length) throw corrupt('jpeg');
    if (m === 0xee && Buffer.from(b.subarray(i + 4, i + 9)).toString('latin1') === 'Adobe') adobe = true;
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      if (![0xc0, 0xc1, 0xc2].includes(m)) throw unsupported('jpeg', 'lossless or arithmetic-coded JPEG');
      const height = (b[i + 5] << 8) | b[i + 6], width = (b[i + 7] << 8) | b[i + 8], comps = b[i + 9];
      checkSize('jpeg', width, height);
      const cs = comps === 1 ? '/DeviceGray' : comps === 3 ? '/DeviceRGB' : comps === 4 ? '/DeviceCMYK' : undefined;
      if (!cs) throw unsupported('jpeg', `${comps} colour components`);
      // Adobe CMYK JPEGs are stored inverted
      const decode = comps === 4 && adobe ? ' /Decode [1 0 1 0 1 0 1 0]' : '';
      return { width, height, dict: `/Width ${width} /Height ${height} /ColorSpace ${cs} /BitsPerComponent 8 /Filter /DCTDecode${decode}`, stream: b };
    }
    if (m === 0xda) break; // scan data before any frame header
    i += 2 + len;
  }
  throw corrupt('jpeg');
}

// ── PNG ───────────────────────────────────────────────────────────────────────────────────────────────────────
function png(b: Uint8Array): Embedded {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let off = 8, width = 0, height = 0, depth = 0, color = -1, interlace = 0;
  let palette: Buffer | undefined;
  const idat: Buffer[] = [];
  while (off + 8 <= buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    if (off + 12 + len > buf.length) throw corrupt('png');
    const body = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0); height = body.readUInt32BE(4); depth = body[8]; color = body[9]; interlace = body[12];
      // limits before reading any pixel data
      checkSize('png', width, height);
    } else if (type === 'PLTE') palette = body;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    off += 12 + len;
  }
  if (!width || !idat.length) throw corrupt('png');
  if (interlace) throw unsupported('png', 'interlaced PNG');
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[color];
  if (!channels || ![1, 2, 4, 8, 16].includes(depth)) throw corrupt('png');
  const data = Buffer.concat(idat);
  if (color === 0 || color === 2 || color === 3) {
    const cs = color === 0 ? '/DeviceGray' : color === 2 ? '/DeviceRGB'
      : palette ? `[/Indexed /DeviceRGB ${palette.length / 3 - 1} <${palette.toString('hex')}>]` : undefined;
    if (!cs) throw corrupt('png');
    return {
      width, height, stream: data,
      dict: `/Width ${width} /Height ${height} /ColorSpace ${cs} /BitsPerComponent ${depth} /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors ${channels} /BitsPerComponent ${depth} /Columns ${width} >>`,
    };
  }
  // grey or RGB with alpha: unfiltered here (size known and checked), composited on white paper, deflated again
  if (depth !== 8) throw unsupported('png', `${depth}-bit PNG with transparency`);
  const stride = width * channels;
  let raw: Buffer;
  try {
    raw = inflateSync(data, { maxOutputLength: (stride + 1) * height });
  } catch {
    throw corrupt('png');
  }
  if (raw.length < (stride + 1) * height) throw corrupt('png');
  const out = channels - 1;
  const px = Buffer.alloc(width * height * out);
  let prev = new Uint8Array(stride), row = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? row[x - channels] : 0, up = prev[x], c = x >= channels ? prev[x - channels] : 0;
      let v = src[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += up;
      else if (filter === 3) v += (a + up) >> 1;
      else if (filter === 4) {
        const p = a + up - c, pa = Math.abs(p - a), pb = Math.abs(p - up), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
      }
      row[x] = v & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const alpha = row[x * channels + out];
      for (let k = 0; k < out; k++) px[(y * width + x) * out + k] = (row[x * channels + k] * alpha + 255 * (255 - alpha)) / 255;
    }
    [prev, row] = [row, prev];
  }
  return { width, height, stream: deflateSync(px), dict: `/Width ${width} /Height ${height} /ColorSpace ${out === 1 ? '/DeviceGray' : '/DeviceRGB'} /BitsPerComponent 8 /Filter /FlateDecode` };
}

// ── TIFF ──────────────────────────────────────────────────────────────────────────────────────────────────────
function tiff(b: Uint8Array, maxPages: number): Embedded[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = b[0] === 0x49;
  const u16 = (o: number) => dv.getUint16(o, le), u32 = (o: number) => dv.getUint32(o, le);
  const pages: Embedded[] = [];
  const seen = new Set<number>();
  let ifd = u32(4);
  try {
    while (ifd) {
      if (seen.has(ifd) || ifd + 2 > b.length) throw corrupt('tiff');
      seen.add(ifd);
      if (pages.length >= maxPages) {
        throw new ExtractError('too_many_pages', `The TIFF has more than ${maxPages} pages.`, { limit: maxPages });
      }
      const n = u16(ifd);
      const tags = new Map<number, number[]>();
      for (let k = 0; k < n; k++) {
        const e = ifd + 2 + k * 12;
        const tag = u16(e), type = u16(e + 2), count = u32(e + 4);
        const size = type === 3 ? 2 : type === 4 ? 4 : type === 1 || type === 7 ? 1 : 0;
        if (!size) continue; // rationals, ASCII, …: not needed
        const at = count * size > 4 ? u32(e + 8) : e + 8;
        if (count > 1_000_000 || at + count * size > b.length) throw corrupt('tiff');
        const vals: number[] = [];
        for (let j = 0; j < count; j++) vals.push(size === 2 ? u16(at + j * 2) : size === 4 ? u32(at + j * 4) : b[at + j]);
        tags.set(tag, vals);
      }
      pages.push(tiffPage(b, tags));
      ifd = u32(ifd + 2 + n * 12);
    }
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    throw corrupt('tiff');
  }
  if (!pages.length) throw corrupt('tiff');
  return pages;
}

function tiffPage(b: Uint8Array, tags: Map<number, number[]>): Embedded {
  const one = (t: number, d?: number) => tags.get(t)?.[0] ?? d;
  const width = one(256) ?? 0, height = one(257) ?? 0;
  checkSize('tiff', width, height);
  const bps = one(258, 1)!, spp = one(277, 1)!, comp = one(259, 1)!, photo = one(262, 0)!, planar = one(284, 1)!, pred = one(317, 1)!;
  const offsets = tags.get(273) ?? [], counts = tags.get(279) ?? [];
  if (!offsets.length || offsets.length !== counts.length) throw corrupt('tiff');
  if (planar !== 1 && spp > 1) throw unsupported('tiff', 'planar colour');
  if (![1, 8].includes(bps) || ![1, 3].includes(spp) || (bps === 1 && spp !== 1)) throw unsupported('tiff', `${spp} × ${bps}-bit samples`);
  if (![0, 1, 2].includes(photo)) throw unsupported('tiff', `photometric ${photo}`);
  const strips = offsets.map((o, i) => {
    if (o + counts[i] > b.length) throw corrupt('tiff');
    return b.subarray(o, o + counts[i]);
  });
  // separately coded strips cannot be joined into one stream: only uncompressed and PackBits ones can
  if (strips.length > 1 && comp !== 1 && comp !== 32773) throw unsupported('tiff', 'compressed in several strips');
  const stream = strips.length === 1 ? strips[0] : Buffer.concat(strips);
  const cs = spp === 3 ? '/DeviceRGB' : '/DeviceGray';
  const base = `/Width ${width} /Height ${height} /ColorSpace ${cs} /BitsPerComponent ${bps}`;
  // WhiteIsZero grey and bilevel pages are inverted (CCITT's own sense is set by BlackIs1 instead)
  const invert = photo === 0 && comp !== 3 && comp !== 4 ? ' /Decode [1 0]' : '';
  const predictor = pred === 2 ? ` /DecodeParms << /Predictor 2 /Colors ${spp} /BitsPerComponent ${bps} /Columns ${width} >>` : '';
  switch (comp) {
    case 1: return { width, height, stream, dict: base + invert };
    case 32773: return { width, height, stream, dict: `${base} /Filter /RunLengthDecode${invert}` };
    case 5: return { width, height, stream, dict: `${base} /Filter /LZWDecode${invert}${predictor}` };
    case 8: case 32946: return { width, height, stream, dict: `${base} /Filter /FlateDecode${invert}${predictor}` };
    case 3: case 4: {
      if (bps !== 1) throw corrupt('tiff');
      const t4 = one(292, 0)!;
      const k = comp === 4 ? -1 : t4 & 1 ? 1 : 0;
      const align = comp === 3 && t4 & 4 ? ' /EncodedByteAlign true' : '';
      return { width, height, stream, dict: `${base} /Filter /CCITTFaxDecode /DecodeParms << /K ${k} /Columns ${width} /Rows ${height} /BlackIs1 ${photo === 1}${align} >>` };
    }
    default: throw unsupported('tiff', `compression ${comp}`);
  }
}

// ── the PDF around them ───────────────────────────────────────────────────────────────────────────────────────
/** One image per page, the page's long side A4's (842 pt), so the reader's resolution is the scan's at A4. */
function pdfOf(images: Embedded[]): Uint8Array {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let size = 0;
  const push = (x: Buffer | Uint8Array) => { parts.push(Buffer.from(x.buffer, x.byteOffset, x.byteLength)); size += x.byteLength; };
  const obj = (n: number, body: string, stream?: Uint8Array) => {
    offsets[n] = size;
    push(Buffer.from(`${n} 0 obj\n${body}`, 'latin1'));
    if (stream) { push(Buffer.from('\nstream\n', 'latin1')); push(stream); push(Buffer.from('\nendstream', 'latin1')); }
    push(Buffer.from('\nendobj\n', 'latin1'));
  };
  push(Buffer.from('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n', 'latin1'));
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, `<< /Type /Pages /Kids [${images.map((_, i) => `${3 + i * 3} 0 R`).join(' ')}] /Count ${images.length} >>`);
  images.forEach((img, i) => {
    const p = 3 + i * 3;
    const s = 842 / Math.max(img.width, img.height);
    const w = Math.round(img.width * s * 100) / 100, h = Math.round(img.height * s * 100) / 100;
    const content = Buffer.from(`q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`, 'latin1');
    obj(p, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Contents ${p + 1} 0 R /Resources << /XObject << /Im0 ${p + 2} 0 R >> >> >>`);
    obj(p + 1, `<< /Length ${content.length} >>`, content);
    obj(p + 2, `<< /Type /XObject /Subtype /Image ${img.dict} /Length ${img.stream.byteLength} >>`, img.stream);
  });
  const xref = size;
  const count = 3 + images.length * 3;
  let table = `xref\n0 ${count}\n0000000000 65535 f \n`;
  for (let k = 1; k < count; k++) table += `${String(offsets[k]).padStart(10, '0')} 00000 n \n`;
  push(Buffer.from(`${table}trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

/** A JPEG, PNG or TIFF scan → an image-only PDF for the OCR reader (typed refusals; limits before decoding). */
export function imageFilePdf(b: Uint8Array, limits: Pick<ExtractLimits, 'maxPages'>): Uint8Array {
  const format = imageFormat(b);
  if (!format) throw unsupported('image', 'not JPEG, PNG or TIFF');
  try {
    return pdfOf(format === 'jpeg' ? [jpeg(b)] : format === 'png' ? [png(b)] : tiff(b, limits.maxPages));
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    throw corrupt(format);
  }
}
