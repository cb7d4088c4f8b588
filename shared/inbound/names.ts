/**
 * File names from mail and archives → safe S3 key segments. The Vietnamese name is kept (NFC); what could move
 * a key out of its prefix (path separators, "..", control characters, a leading dot) is removed, so
 * `uploads/<agency>/…` is always where an attachment lands.
 */
import { createHash } from 'node:crypto';
import { nfc } from '#shared/domain/vietnamese';
import { safeFileName, uploadKey as keyOfUpload } from '#shared/ingest/keys';

export { safeFileName };

/** True when an archive entry's name tries to leave its folder (absolute, drive letter, "..", backslashes). */
export function isUnsafeEntryName(name: string): boolean {
  if (/^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)) return true;
  if (name.includes('\u0000')) return true;
  return name.split(/[\\/]+/).some((s) => s === '..');
}

export function shortHash(text: string, len = 12): string {
  return createHash('sha256').update(text).digest('hex').slice(0, len);
}

/**
 * `uploads/<agency>/email/<yyyy-mm-dd>/<message tag>/<n>/<name>` (the one key rule, shared/ingest/keys): the file
 * keeps its own name as the last segment, and two attachments with the same name do not collide.
 */
export function uploadKey(agencyId: string, receivedAt: string, messageTag: string, index: number, fileName: string): string {
  const tag = messageTag.replace(/[^A-Za-z0-9-]/g, '').slice(0, 40) || 'msg';
  const day = /^\d{4}-\d{2}-\d{2}/.exec(receivedAt)?.[0];
  // the day as the message carries it (a bare date stays that date; a timestamp is read in Việt Nam time)
  const at = day && receivedAt.length === 10 ? `${day}T12:00:00+07:00` : receivedAt;
  return keyOfUpload({ agencyId, channel: 'email', at, uploadId: `${tag}/${String(index).padStart(2, '0')}`, fileName });
}

/** S3 user metadata must be ASCII: values are percent-encoded UTF-8 (decode with decodeURIComponent). */
export function metaValue(value: string, max = 1024): string {
  return encodeURIComponent(nfc(value).replace(/[\r\n]+/g, ' ')).slice(0, max).replace(/%[0-9A-F]?$/i, '');
}
