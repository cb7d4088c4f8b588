/**
 * Where an uploaded original lives: one rule for every door (the `intake` CLI, email attachments, the upload page,
 * the console). Each upload gets its own key, so a second file with the same name never replaces the first (the
 * first report keeps pointing at its own bytes; its SHA-256 still matches):
 *
 *   uploads/<agency>/[<channel>/]<yyyy-mm-dd>/<upload id>/<file name>
 *
 * The file keeps its own name as the last segment (the report is named after it); <yyyy-mm-dd> is the day in
 * Việt Nam the file arrived; <upload id> is unique per upload (random, or derived from the content where the
 * caller wants a repeat of the very same bytes to be the same object). Without an agency the agency segment is
 * left out (the ingest path never takes a date segment for an agency).
 */
import { randomBytes } from 'node:crypto';
import { vnToday } from '#shared/domain/dates';
import { nfc } from '#shared/domain/vietnamese';
import { PREFIXES } from './prefixes';

const MAX_NAME = 180;

/** The last path segment of a name, cleaned; never empty, never "." or "..", never containing "/" or "\". */
export function safeFileName(name: string | undefined, fallback = 'tep-dinh-kem'): string {
  let n = nfc(name ?? '');
  n = n.replace(/[\u0000-\u001f\u007f]/g, '');
  const segs = n.split(/[\\/]+/).map((s) => s.trim()).filter((s) => s && s !== '.' && s !== '..');
  n = segs.length ? segs[segs.length - 1]! : '';
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

const AGENCY = /^[a-z0-9][a-z0-9-]{0,80}$/;
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A fresh upload id: 10 hex characters (40 random bits), enough that two uploads of one day never meet. */
export function newUploadId(): string {
  return randomBytes(5).toString('hex');
}

export interface UploadKeyInput {
  fileName: string;
  /** kebab-case agency id; absent when the uploader does not say (the ingest path finds it in the document). */
  agencyId?: string;
  /** when it arrived (default now): its day in Việt Nam names the folder. */
  at?: Date | string;
  /** unique per upload (default: a fresh random one); may hold "/" for nested parts (email: message tag/n). */
  uploadId?: string;
  /** the door, when it has its own folder: 'email', 'link-<id>'. */
  channel?: string;
}

/** The object key of one upload (see the module comment). Throws on an agency, channel or id that is not a plain slug. */
export function uploadKey(input: UploadKeyInput): string {
  const { agencyId, channel } = input;
  if (agencyId !== undefined && !AGENCY.test(agencyId)) throw new Error('invalid agency id for an upload key');
  if (channel !== undefined && !SEGMENT.test(channel)) throw new Error('invalid channel for an upload key');
  const id = input.uploadId ?? newUploadId();
  const idParts = id.split('/');
  if (!idParts.every((p) => SEGMENT.test(p))) throw new Error('invalid upload id for an upload key');
  const at = input.at === undefined ? new Date() : new Date(input.at);
  const day = vnToday(Number.isNaN(at.getTime()) ? new Date() : at);
  const parts = [agencyId, channel, day, ...idParts, safeFileName(input.fileName)].filter((p): p is string => !!p);
  const key = `${PREFIXES.uploads}${parts.join('/')}`;
  // belt and braces: the safe name holds no separator, so the key cannot leave its prefix
  if (key.split('/').some((s) => s === '..' || s === '.')) throw new Error('upload key escapes its prefix');
  return key;
}

/** True for a key segment that is a day folder (yyyy-mm-dd), never an agency. */
export function isDaySegment(segment: string): boolean {
  return DAY.test(segment);
}
