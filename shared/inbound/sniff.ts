/**
 * What an attachment really is, from its bytes (the extension and the MIME type are only claims).
 */
import { listZipEntries } from './archive';

export type SniffedType = 'docx' | 'xlsx' | 'pdf' | 'zip' | 'ooxml_encrypted' | 'legacy_office' | 'html' | 'text' | 'executable' | 'unknown';

const starts = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);

function utf16(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'utf16le'));
}

function includesBytes(hay: Uint8Array, needle: Uint8Array, limit = hay.length): boolean {
  const end = Math.min(limit, hay.length) - needle.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

export function sniff(bytes: Uint8Array): SniffedType {
  if (bytes.length === 0) return 'unknown';
  if (starts(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf'; // %PDF
  // PDF header may follow some junk within the first 1 KB
  if (Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes('%PDF-')) return 'pdf';
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04]) || starts(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    let names: string[] = [];
    try {
      names = listZipEntries(bytes).map((e) => e.name);
    } catch {
      return 'unknown';
    }
    if (names.includes('[Content_Types].xml')) {
      if (names.some((n) => n.startsWith('word/'))) return 'docx';
      if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
      return 'unknown';
    }
    return 'zip';
  }
  if (starts(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return includesBytes(bytes, utf16('EncryptionInfo')) ? 'ooxml_encrypted' : 'legacy_office';
  }
  if (starts(bytes, [0x4d, 0x5a]) || starts(bytes, [0x7f, 0x45, 0x4c, 0x46]) || starts(bytes, [0xca, 0xfe, 0xba, 0xbe])) return 'executable';
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('utf8');
  if (head.includes('\u0000')) return 'unknown';
  if (/<(html|table|body|!doctype html)[\s>]/i.test(head)) return 'html';
  return 'text';
}

/** The extension that belongs to a sniffed type (undefined for types we never save). */
export function extensionFor(t: SniffedType): string | undefined {
  return ({ docx: 'docx', xlsx: 'xlsx', pdf: 'pdf', zip: 'zip', html: 'html', text: 'txt' } as Partial<Record<SniffedType, string>>)[t];
}

export const CONTENT_TYPES: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  zip: 'application/zip',
  html: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
};

