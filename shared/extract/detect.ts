/**
 * The real type of a file, by its content (magic bytes), not by its name.
 *
 * - `%PDF` → pdf
 * - `PK` ZIP → DOCX when it holds word/, XLSX when it holds xl/ (read from the central directory, nothing inflated)
 * - OLE2/CFB container → an encrypted OOXML file ("EncryptedPackage" stream) → 'encrypted';
 *   a legacy Word .doc / Excel .xls → 'unsupported_type' asking for .docx/.xlsx
 * - HTML markup → html; UTF-8 / UTF-16 (BOM) / 8-bit text → text
 * A name whose extension says another type gives a 'type_mismatch' warning (the file is read by its real type),
 * or a 'type_mismatch' error when the real type is one we cannot read.
 */
import { failureDetail } from '#shared/domain/failures';
import { ExtractError, type ExtractLimits, type ExtractWarning, type InputFile } from './model';
import { checkContentXml, checkZip, readZipDirectory, type ZipEntryInfo } from './limits';
import { imageFormat } from './ocr/image-file';

export type DetectedFormat = 'docx' | 'xlsx' | 'pdf' | 'html' | 'text';

export interface Detected {
  format: DetectedFormat;
  /** the type the file name claims, when it has a known extension. */
  claimed?: string;
  warnings: ExtractWarning[];
  /** html/text: the decoded text. */
  text?: string;
  /** zip-based formats: the central directory. */
  zipEntries?: ZipEntryInfo[];
}

const EXT_TYPES: Record<string, string> = {
  docx: 'docx', docm: 'docx', xlsx: 'xlsx', xlsm: 'xlsx', pdf: 'pdf', html: 'html', htm: 'html',
  txt: 'text', tsv: 'text', csv: 'text', text: 'text', doc: 'doc', xls: 'xls', zip: 'zip', eml: 'eml',
};

export function claimedType(name?: string): string | undefined {
  const ext = name?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  return ext ? EXT_TYPES[ext] : undefined;
}

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);

const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Looks for a stream name in the CFB directory (UTF-16LE names at the start of 128-byte directory entries). */
function cfbHasStream(bytes: Uint8Array, name: string): boolean {
  const pattern = new Uint8Array(name.length * 2);
  for (let i = 0; i < name.length; i++) pattern[i * 2] = name.charCodeAt(i);
  const sectorShift = bytes[30] === 12 ? 12 : 9;
  const sector = 1 << sectorShift;
  outer: for (let i = sector; i + pattern.length <= bytes.length; i += 128) {
    for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
    return true;
  }
  return false;
}

/** Decodes text bytes: BOM-marked UTF-8/UTF-16, else UTF-8 when valid, else an 8-bit code page (legacy fonts live there). */
export function decodeText(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function looksBinary(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return false;
  const n = Math.min(bytes.length, 8192);
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32 && c !== 27)) ctrl++;
  }
  return ctrl > n * 0.02;
}

/** An RFC 822 message: header lines first, with MIME-Version or a Content-Type among them. */
const MIME_HEADERS = /^(?:[A-Za-z-]+:[^\n]*\r?\n(?:[ \t][^\n]*\r?\n)*){2,}/;
const MIME_MARK = /^(mime-version|content-type):/im;

const HTML_START = /^\s*(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html|head|body|table|meta|div|p|span|style)\b/i;

function mismatchWarning(claimed: string | undefined, real: string): ExtractWarning[] {
  if (!claimed || claimed === real) return [];
  return [{
    code: 'type_mismatch',
    message: `${failureDetail('type_mismatch', { claimed, real })} Đã đọc theo nội dung thật. / The file name says ${claimed} but the content is ${real}; read as ${real}.`,
  }];
}

function unreadable(claimed: string | undefined, real: string, en: string): ExtractError {
  const code = claimed && claimed !== real ? 'type_mismatch' : 'unsupported_type';
  const pre = claimed && claimed !== real ? `The file name says ${claimed} but the content is ${real}. ` : '';
  return new ExtractError(code, pre + en, { real, ...(claimed ? { claimed } : {}) });
}

/** Detects the real type and runs the container checks (ZIP limits) that must come before parsing. */
export function detectType(file: InputFile, limits: ExtractLimits): Detected {
  const b = file.bytes;
  const claimed = claimedType(file.name);

  // PDF: "%PDF" within the first KiB (some generators put junk before it).
  const head = new TextDecoder('latin1').decode(b.subarray(0, 1024));
  if (head.includes('%PDF-')) return { format: 'pdf', claimed, warnings: mismatchWarning(claimed, 'pdf') };

  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) {
    const entries = readZipDirectory(b);
    checkZip(entries, b.byteLength, limits);
    const names = entries.map((e) => e.name);
    const real = names.some((n) => n === 'word/document.xml' || n.startsWith('word/'))
      ? 'docx'
      : names.some((n) => n === 'xl/workbook.xml' || n.startsWith('xl/'))
        ? 'xlsx'
        : undefined;
    if (!real) {
      throw unreadable(claimed, 'zip', 'A ZIP archive that is neither DOCX nor XLSX cannot be read; send the report files themselves.');
    }
    checkContentXml(entries, real, limits);
    return { format: real, claimed, warnings: mismatchWarning(claimed, real), zipEntries: entries };
  }

  if (startsWith(b, CFB)) {
    if (cfbHasStream(b, 'EncryptedPackage')) {
      throw new ExtractError('encrypted', 'The file is password-protected (encrypted Office document).');
    }
    const real = cfbHasStream(b, 'WordDocument') ? 'doc' : cfbHasStream(b, 'Workbook') || cfbHasStream(b, 'Book') ? 'xls' : 'ole';
    const target = real === 'xls' ? '.xlsx' : '.docx';
    throw new ExtractError('unsupported_type',
      `${real === 'ole' ? 'An old Office (OLE2) file' : `A legacy ${real === 'doc' ? 'Word 97-2003 .doc' : 'Excel 97-2003 .xls'} file`} cannot be read; please open it and save it as ${target}, then send it again.`,
      { real, ...(claimed ? { claimed } : {}) });
  }

  const image = imageFormat(b);
  if (image) {
    // a scan sent as an image: no text layer, as a scanned PDF ('no_text': ingest hands it to the OCR step);
    // one named as a document format is a mismatch the sender should hear about
    if (claimed && ['docx', 'xlsx', 'pdf', 'html', 'txt'].includes(claimed)) {
      throw unreadable(claimed, 'image', 'An image (scan) has no text to read; send the report as DOCX, XLSX or a PDF with text.');
    }
    throw new ExtractError('no_text', `The file is a ${image.toUpperCase()} image (a scan) with no text layer.`, { image });
  }

  if (looksBinary(b)) {
    if (claimed && ['docx', 'xlsx', 'pdf'].includes(claimed)) {
      throw new ExtractError('corrupt', `The file is named as ${claimed} but its content is not a valid ${claimed} file (damaged?).`, { claimed });
    }
    throw unreadable(claimed, 'binary', 'The file type is not supported (not DOCX, XLSX, PDF, HTML or text).');
  }

  const text = decodeText(b);
  if (MIME_HEADERS.test(text.slice(0, 4096)) && MIME_MARK.test(text.slice(0, 4096).split(/\r?\n\r?\n/)[0] ?? '')) {
    throw new ExtractError('unsupported_type',
      'This is a whole email message (MIME); it is read by the email intake (`intake receive`), which extracts its body and attachments.',
      { real: 'eml', ...(claimed ? { claimed } : {}) });
  }
  const real: DetectedFormat = HTML_START.test(text) || /<table[\s>]/i.test(text.slice(0, 200_000)) ? 'html' : 'text';
  if (claimed && ['docx', 'xlsx', 'pdf'].includes(claimed)) {
    // A "report.docx" that is really text/HTML: read it, but say so.
    return { format: real, claimed, warnings: mismatchWarning(claimed, real), text };
  }
  return { format: real, claimed, warnings: claimed === 'html' || claimed === 'text' ? [] : mismatchWarning(claimed, real), text };
}
