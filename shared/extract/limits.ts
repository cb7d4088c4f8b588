/**
 * Limits checked BEFORE any parser sees the bytes: file size, ZIP entry count / uncompressed size / ratio
 * (read from the ZIP central directory, nothing is inflated) and PDF pages (checked by the PDF reader right
 * after loading, via `checkPages`).
 *
 * Defaults come from `ExtractLimits`; the environment (read in #shared/config: INTAKE_MAX_BYTES, INTAKE_MAX_PAGES,
 * INTAKE_MAX_UNCOMPRESSED_BYTES, INTAKE_MAX_ZIP_ENTRIES, INTAKE_MAX_COMPRESSION_RATIO, INTAKE_TIMEOUT_MS)
 * overrides them, and explicit options override the environment.
 */
import { extractLimitsEnv } from '#shared/config';
import { sizeLabel } from '#shared/domain/labels';
import { ExtractError, ExtractLimits } from './model';

/** Defaults ← environment ← options, validated. */
export function resolveLimits(
  overrides: Partial<ExtractLimits> = {},
  fromEnv: Partial<ExtractLimits> = extractLimitsEnv(),
): ExtractLimits {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return ExtractLimits.parse({ ...fromEnv, ...defined });
}

const mb = (n: number) => sizeLabel(n, 'en');

/** Zero bytes → 'empty'; over maxBytes → 'too_large'. */
export function checkBytes(bytes: Uint8Array, limits: ExtractLimits): void {
  if (bytes.byteLength === 0) {
    throw new ExtractError('empty', 'The file is empty (0 bytes).');
  }
  if (bytes.byteLength > limits.maxBytes) {
    throw new ExtractError(
      'too_large',
      `The file is ${mb(bytes.byteLength)}, over the limit of ${mb(limits.maxBytes)}.`,
      { bytes: bytes.byteLength, limit: limits.maxBytes },
    );
  }
}

/** Over maxPages → 'too_many_pages'. The PDF reader calls this right after loading the document. */
export function checkPages(pages: number, limits: ExtractLimits): void {
  if (pages > limits.maxPages) {
    throw new ExtractError(
      'too_many_pages',
      `The document has ${pages} pages, over the limit of ${limits.maxPages}.`,
      { pages, limit: limits.maxPages },
    );
  }
}

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  encrypted: boolean;
}

const corruptZip = (why: string) =>
  new ExtractError(
    'corrupt',
    `The file is damaged: its ZIP structure cannot be read (${why}).`,
  );

/**
 * Reads the ZIP central directory (names, sizes, encryption flag) without inflating anything.
 * Handles ZIP64 sizes. Throws ExtractError 'corrupt' when the directory cannot be found or is inconsistent.
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntryInfo[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.byteLength;
  // End of central directory record: 22 bytes + comment (≤ 65535), searched backwards.
  let eocd = -1;
  for (let i = len - 22; i >= Math.max(0, len - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corruptZip('no end of central directory');
  let count = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || view.getUint32(loc, true) !== 0x07064b50) throw corruptZip('ZIP64 locator missing');
    const rec = Number(view.getBigUint64(loc + 8, true));
    if (rec + 56 > len || view.getUint32(rec, true) !== 0x06064b50) throw corruptZip('ZIP64 record missing');
    count = Number(view.getBigUint64(rec + 32, true));
    cdSize = Number(view.getBigUint64(rec + 40, true));
    cdOffset = Number(view.getBigUint64(rec + 48, true));
  }
  if (cdOffset + cdSize > len) throw corruptZip('central directory out of range');
  const entries: ZipEntryInfo[] = [];
  const decoder = new TextDecoder('utf-8');
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > len || view.getUint32(p, true) !== 0x02014b50) throw corruptZip('bad central directory entry');
    const flags = view.getUint16(p + 8, true);
    let compressedSize = view.getUint32(p + 20, true);
    let uncompressedSize = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    if (p + 46 + nameLen + extraLen > len) throw corruptZip('entry out of range');
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    // ZIP64 extended sizes live in extra field 0x0001, in order: uncompressed, compressed (only those that overflowed).
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff) {
      let e = p + 46 + nameLen;
      const end = e + extraLen;
      while (e + 4 <= end) {
        const id = view.getUint16(e, true);
        const size = view.getUint16(e + 2, true);
        if (id === 0x0001) {
          let q = e + 4;
          if (uncompressedSize === 0xffffffff && q + 8 <= end) {
            uncompressedSize = Number(view.getBigUint64(q, true));
            q += 8;
          }
          if (compressedSize === 0xffffffff && q + 8 <= end) compressedSize = Number(view.getBigUint64(q, true));
          break;
        }
        e += 4 + size;
      }
    }
    entries.push({ name, compressedSize, uncompressedSize, encrypted: (flags & 1) === 1 });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Entry count, total uncompressed size and compression ratio against the limits; encrypted entries → 'encrypted'. */
export function checkZip(entries: ZipEntryInfo[], fileBytes: number, limits: ExtractLimits): void {
  if (entries.length > limits.maxZipEntries) {
    throw new ExtractError(
      'zip_bomb',
      `The archive holds ${entries.length} entries, over the limit of ${limits.maxZipEntries}.`,
      { entries: entries.length, limit: limits.maxZipEntries },
    );
  }
  if (entries.some((e) => e.encrypted)) {
    throw new ExtractError(
      'encrypted',
      'The file is password-protected (encrypted ZIP entries).',
    );
  }
  const total = entries.reduce((s, e) => s + e.uncompressedSize, 0);
  if (total > limits.maxUncompressedBytes) {
    throw new ExtractError(
      'zip_bomb',
      `Unpacked, the file would take ${mb(total)}, over the limit of ${mb(limits.maxUncompressedBytes)}.`,
      { uncompressedBytes: total, limit: limits.maxUncompressedBytes },
    );
  }
  const ratio = total / Math.max(1, fileBytes);
  if (ratio > limits.maxCompressionRatio) {
    throw new ExtractError(
      'zip_bomb',
      `The compression ratio ${ratio.toFixed(0)}:1 is over the limit of ${limits.maxCompressionRatio}:1.`,
      { ratio: Math.round(ratio), limit: limits.maxCompressionRatio },
    );
  }
}

/** DOCX/XLSX: the XML the reader will hold in memory (document body; worksheets + shared strings) → 'too_large'. */
export function checkContentXml(entries: ZipEntryInfo[], format: 'docx' | 'xlsx', limits: ExtractLimits): void {
  const parts = entries.filter((e) =>
    format === 'docx' ? e.name === 'word/document.xml' : e.name.startsWith('xl/worksheets/') || e.name === 'xl/sharedStrings.xml');
  const total = parts.reduce((s, e) => s + e.uncompressedSize, 0);
  if (total > limits.maxContentXmlBytes) {
    throw new ExtractError(
      'too_large',
      `The ${format === 'docx' ? 'document body' : 'sheets'} unpack to ${mb(total)}, over the reading limit of ${mb(limits.maxContentXmlBytes)}; please send a smaller file (e.g. only the report tables).`,
      { contentXmlBytes: total, limit: limits.maxContentXmlBytes, part: format },
    );
  }
}
