/**
 * The provenance the inbound path writes as object metadata on each saved file, and how the ingest path reads it
 * back into `Report.origin` (so the receipt goes to the sender, threaded under the message).
 * Metadata keys (lower-case, values URI-decoded by the blobs adapter): origin=email, message-id, sender, subject,
 * received-at, raw-key, agency, file-name, detected-type, automatic (the class of a machine-written message).
 */
import type { Report } from '#shared/domain/report';

export const PROVENANCE_KEYS = ['origin', 'agency', 'message-id', 'sender', 'subject', 'received-at', 'raw-key', 'file-name', 'detected-type', 'automatic'] as const;

export function originFromMetadata(meta: Record<string, string> | undefined): Report['origin'] | undefined {
  if (!meta) return undefined;
  if (meta.origin === 'email') {
    return {
      kind: 'email',
      ...(meta['message-id'] ? { messageId: meta['message-id'] } : {}),
      ...(meta.sender ? { sender: meta.sender } : {}),
      ...(meta.subject ? { subject: meta.subject } : {}),
      ...(meta.automatic ? { automatic: meta.automatic } : {}),
    };
  }
  if (meta.origin === 'upload-link') return { kind: 'upload' };
  return undefined;
}
