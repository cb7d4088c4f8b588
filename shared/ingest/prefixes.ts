/** The bucket's prefixes and the ingest queue's settings — shared by the ingest path, the local event bridge and the CDK stack (rules, policies). */
export const PREFIXES = {
  /** agency files: uploads/<agency-id-or-name>/<file> (or uploads/<file> with the agency in object metadata). */
  uploads: 'uploads/',
  /** raw email stored by the SES receipt rule. */
  inbound: 'inbound/',
  /** originals of files that could not be processed, kept for inspection. */
  quarantine: 'quarantine/',
  /** what we produce (digests, receipts' attachments). */
  outbound: 'outbound/',
  /** OCR of scanned reports: per page the result (JSON) and the page image (PNG), by report id. */
  ocr: 'ocr/',
  /** directive appendices uploaded in the console (Danh mục), kept from the diff shown to the confirmation, by sha256. */
  registry: 'registry/',
} as const;

/** The S3 → EventBridge rule's filter: which object keys reach the ingest queue. */
export const INGEST_RULE = { detailType: 'Object Created', source: 'aws.s3', keyPrefix: PREFIXES.uploads } as const;

/** receives of an upload event before it moves to the dead-letter queue (the queue's maxReceiveCount). */
export const INGEST_MAX_RECEIVES = 3;
