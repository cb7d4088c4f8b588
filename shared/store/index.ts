/** The storage adapters: DynamoDB store, S3 blobs, and the table definitions shared with infra/. */
export { dynamoStore } from './dynamo';
export type { Blobs, Blob, BlobInfo, PutOptions } from './blobs';
export { s3Blobs } from './s3';
export type { Store } from './records';
export { MAIN_TABLE, IDEMPOTENCY_TABLE, createTableInput } from './schema';
