/**
 * File names from mail and archives → safe S3 key segments. The Vietnamese name is kept (NFC); what could move
 * a key out of its prefix (path separators, "..", control characters, a leading dot) is removed, so
 * `uploads/<agency>/…` is always where an attachment lands.
 */
import { createHash } from 'node:crypto';
import { nfc } from '#shared/domain/vietnamese';

const MAX_NAME = 180;

/** The last path segment of a name, cleaned; never empty, never "." or "..", never containing "/" or "\". */
export function safeFileName(name: string | undefined, fallback = 'tep-dinh-kem'): string {
  let n = nfc(name ?? '');
  n = n.replace(/[\u0000-\u001f\u007f]/g, '');
  const segs = n.split(/[\\/]+/).map((s) => s.trim()).filter((s) => s && s !== '.' && s !== '..');
  n = segs.length ? segs[segs.length - 1] : '';
  n = n.replace(/[<>:"|?*#%{}^~`\[\]]/g, '_').replace(/\s+/g, ' ').replace(/^[.\s]+/, '').trim();
  if (!n || /^\.+$/.test(n)) n = fallback;
  // bounded in UTF-8 bytes, not characters: a Vietnamese character takes 2-3 bytes, and file systems (s3rver
  // stores each key as a file) refuse names over 255 bytes
  if (Buffer.byteLength(n) > MAX_NAME) {
    const dot = n.lastIndexOf('.');
    const ext = dot > 0 && n.length - dot <= 10 ? n.slice(dot) : '';
    const stem = Array.from(n.slice(0, n.length - ext.length));
    while (stem.length && Buffer.byteLength(stem.join('') + ext) > MAX_NAME) stem.pop();
    n = stem.join('') + ext;
  }
  return n;
}

/** True when an archive entry's name tries to leave its folder (absolute, drive letter, "..", backslashes). */
export function isUnsafeEntryName(name: string): boolean {
  if (/^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)) return true;
  if (name.includes('\u0000')) return true;
  return name.split(/[\\/]+/).some((s) => s === '..');
}

export function shortHash(text: string, len = 12): string {
  return createHash('sha256').update(text).digest('hex').slice(0, len);
}

const AgencySlug = /^[a-z0-9][a-z0-9-]{0,80}$/;

/**
 * `uploads/<agency>/email/<yyyy-mm-dd>/<message tag>/<n>/<name>`: the file keeps its own name as the last segment
 * (the ingest path names the report after it), and two attachments with the same name do not collide.
 */
export function uploadKey(agencyId: string, receivedAt: string, messageTag: string, index: number, fileName: string): string {
  if (!AgencySlug.test(agencyId)) throw new Error('invalid agency id for an upload key');
  const day = /^\d{4}-\d{2}-\d{2}/.exec(receivedAt)?.[0] ?? 'unknown-date';
  const tag = messageTag.replace(/[^A-Za-z0-9-]/g, '').slice(0, 40) || 'msg';
  const key = `uploads/${agencyId}/email/${day}/${tag}/${String(index).padStart(2, '0')}/${safeFileName(fileName)}`;
  // belt and braces: the safe name holds no separator, so the key cannot leave its prefix
  if (!key.startsWith(`uploads/${agencyId}/`) || key.split('/').some((s) => s === '..' || s === '.')) {
    throw new Error('upload key escapes its prefix');
  }
  return key;
}

/** S3 user metadata must be ASCII: values are percent-encoded UTF-8 (decode with decodeURIComponent). */
export function metaValue(value: string, max = 1024): string {
  return encodeURIComponent(nfc(value).replace(/[\r\n]+/g, ' ')).slice(0, max).replace(/%[0-9A-F]?$/i, '');
}
