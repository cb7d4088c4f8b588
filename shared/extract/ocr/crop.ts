/**
 * The picture of one OCR-read row, for the person checking it: the row's box (PDF points on the page as read,
 * deskewed and upright) cut out of the page image kept in S3 (ocr/<report>/page-NNNN.png, written by
 * encodeGrayPng) and encoded as a small PNG. The kept image is read back with its declared size checked first.
 */
import { inflateSync } from 'node:zlib';
import { crop, type Gray } from './image';
import { MAX_IMAGE_PIXELS } from './pdf-images';
import { encodeGrayPng } from './png';

/** An 8-bit greyscale, non-interlaced PNG (what encodeGrayPng writes) → grey pixels; undefined for anything else. */
export function readGrayPng(bytes: Uint8Array): Gray | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 33 || b.readUInt32BE(0) !== 0x89504e47) return undefined;
  const width = b.readUInt32BE(16), height = b.readUInt32BE(20);
  if (b[24] !== 8 || b[25] !== 0 || b[28] !== 0 || !width || !height || width * height > MAX_IMAGE_PIXELS) return undefined;
  const idat: Buffer[] = [];
  for (let off = 8; off + 8 <= b.length;) {
    const len = b.readUInt32BE(off), type = b.toString('latin1', off + 4, off + 8);
    if (type === 'IDAT') idat.push(b.subarray(off + 8, off + 8 + len));
    if (type === 'IEND') break;
    off += 12 + len;
  }
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: (width + 1) * height });
  } catch {
    return undefined;
  }
  if (raw.length < (width + 1) * height) return undefined;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (width + 1)], src = raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1));
    const row = data.subarray(y * width, (y + 1) * width), prev = y ? data.subarray((y - 1) * width, y * width) : undefined;
    for (let x = 0; x < width; x++) {
      const a = x ? row[x - 1] : 0, up = prev ? prev[x] : 0, c = prev && x ? prev[x - 1] : 0;
      let v = src[x];
      if (f === 1) v += a;
      else if (f === 2) v += up;
      else if (f === 3) v += (a + up) >> 1;
      else if (f === 4) { const p = a + up - c, pa = Math.abs(p - a), pb = Math.abs(p - up), pc = Math.abs(p - c); v += pa <= pb && pa <= pc ? a : pb <= pc ? up : c; }
      row[x] = v & 0xff;
    }
  }
  return { width, height, data };
}

/** The row's box (points, top-left origin) of a page image at `dpi`, with a small margin, as PNG bytes. */
export function rowCropPng(pagePng: Uint8Array, box: { x0: number; y0: number; x1: number; y1: number }, dpi: number, marginPt = 3): Buffer | undefined {
  const page = readGrayPng(pagePng);
  if (!page || !(dpi > 0)) return undefined;
  const s = dpi / 72;
  const out = crop(page, (box.x0 - marginPt) * s, (box.y0 - marginPt) * s, (box.x1 + marginPt) * s, (box.y1 + marginPt) * s);
  return out.width && out.height ? encodeGrayPng(out) : undefined;
}
