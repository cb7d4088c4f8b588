/** The storage adapters: DynamoDB store, S3 blobs, and the table definitions shared with infra/. */
export { dynamoStore } from './dynamo';
export { s3Blobs, type Blobs, type Blob, type BlobInfo } from './blobs';
export * from './records';
export { MAIN_TABLE, IDEMPOTENCY_TABLE, createTableInput } from './schema';
