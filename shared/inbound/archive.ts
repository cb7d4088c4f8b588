/**
 * ZIP archives attached to a message: the central directory is read first (entries, flags, declared sizes), the
 * limits are checked on it, and only then is each entry inflated (fflate) into a buffer of its declared size —
 * so a lying header cannot make an entry grow past what was checked. Password-protected archives and entries whose
 * names try to leave their folder are reported, never expanded.
 */
import { inflateSync } from 'fflate';
import { InboundError, InboundLimits } from './limits';
import { isUnsafeEntryName } from './names';

export interface ZipEntry {
  name: string;
  encrypted: boolean;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  directory: boolean;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;

function decodeName(bytes: Uint8Array, utf8Flag: boolean): string {
  if (utf8Flag) return new TextDecoder('utf-8').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes); // many tools write UTF-8 without the flag
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
}

/** Reads the central directory. Throws InboundError('corrupt') when there is none. */
export function listZipEntries(b: Uint8Array): ZipEntry[] {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) { eocd = i; break; }
  }
  if (eocd < 0) throw new InboundError('corrupt', 'zip: no end of central directory');
  const total = u16(b, eocd + 10);
  const cdOffset = u32(b, eocd + 16);
  if (total === 0xffff || cdOffset === 0xffffffff) throw new InboundError('zip_bomb', 'zip64 archives are not accepted');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < total; i++) {
    if (p + 46 > b.length || u32(b, p) !== 0x02014b50) throw new InboundError('corrupt', 'zip: bad central directory');
    const flags = u16(b, p + 8);
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    const name = decodeName(b.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0);
    entries.push({
      name,
      encrypted: (flags & 0x1) !== 0,
      method: u16(b, p + 10),
      compressedSize: u32(b, p + 20),
      size: u32(b, p + 24),
      localOffset: u32(b, p + 42),
      directory: name.endsWith('/'),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

export interface ExpandedEntry {
  /** the name inside the archive, as written (its last segment becomes the file name). */
  path: string;
  bytes: Uint8Array;
}

export interface SkippedEntry {
  path: string;
  reason: 'unsafe_name' | 'encrypted' | 'corrupt';
}

/** Checks limits on the directory, then inflates every file entry. Throws InboundError for the whole archive. */
export function expandZip(b: Uint8Array, limits: Pick<InboundLimits, 'maxZipEntries' | 'maxZipUncompressedBytes' | 'maxZipRatio'>): {
  files: ExpandedEntry[];
  skipped: SkippedEntry[];
} {
  const entries = listZipEntries(b).filter((e) => !e.directory);
  if (entries.length > limits.maxZipEntries) {
    throw new InboundError('zip_bomb', `zip has ${entries.length} entries (limit ${limits.maxZipEntries})`, { entries: entries.length });
  }
  if (entries.some((e) => e.encrypted)) throw new InboundError('encrypted', 'zip is password-protected');
  const total = entries.reduce((s, e) => s + e.size, 0);
  if (total > limits.maxZipUncompressedBytes) {
    throw new InboundError('zip_bomb', `zip expands to ${total} bytes (limit ${limits.maxZipUncompressedBytes})`, { bytes: total });
  }
  for (const e of entries) {
    if (e.size > 1024 * 1024 && e.size / Math.max(1, e.compressedSize) > limits.maxZipRatio) {
      throw new InboundError('zip_bomb', `zip entry compression ratio over ${limits.maxZipRatio}`);
    }
  }
  const files: ExpandedEntry[] = [];
  const skipped: SkippedEntry[] = [];
  for (const e of entries) {
    if (isUnsafeEntryName(e.name)) { skipped.push({ path: e.name, reason: 'unsafe_name' }); continue; }
    const lh = e.localOffset;
    if (lh + 30 > b.length || u32(b, lh) !== 0x04034b50) { skipped.push({ path: e.name, reason: 'corrupt' }); continue; }
    const start = lh + 30 + u16(b, lh + 26) + u16(b, lh + 28);
    const data = b.subarray(start, start + e.compressedSize);
    try {
      let out: Uint8Array;
      if (e.method === 0) out = data.slice(0, e.size);
      else if (e.method === 8) {
        out = inflateSync(data, { out: new Uint8Array(e.size) });
        if (out.length !== e.size) throw new Error('size mismatch');
      } else throw new Error(`compression method ${e.method}`);
      files.push({ path: e.name, bytes: out });
    } catch {
      skipped.push({ path: e.name, reason: 'corrupt' });
    }
  }
  return { files, skipped };
}
