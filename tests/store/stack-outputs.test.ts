/** `intake --aws`: table and bucket names from the deployed stack's outputs (CloudFormation cannot run here: its call is injected). */
import { describe, expect, it } from 'vitest';
import { awsTarget, STACK_NAMES } from '#shared/config';
import { namesFromStack, OUTPUT_ENV } from '#shared/store/stack-outputs';

const outputs = [
  { OutputKey: 'BucketName', OutputValue: 'deployed-bucket' },
  { OutputKey: 'TableName', OutputValue: 'deployed-table' },
  { OutputKey: 'IdempotencyTableName', OutputValue: 'deployed-idem' },
  { OutputKey: 'AlarmTopicArn', OutputValue: 'arn:aws:sns:…' },
];

describe('names from the stack outputs', () => {
  it('fills in exactly the missing names, never replacing what the operator set', async () => {
    const asked: string[] = [];
    const names = await namesFromStack('DeAn06Intake', { BUCKET_NAME: 'mine' }, async (s) => { asked.push(s); return outputs; });
    expect(asked).toEqual(['DeAn06Intake']);
    expect(names).toEqual({ TABLE_NAME: 'deployed-table', IDEMPOTENCY_TABLE_NAME: 'deployed-idem' });
  });
  it('does not call AWS when everything is set', async () => {
    const env = Object.fromEntries(Object.values(OUTPUT_ENV).map((k) => [k, 'x']));
    expect(await namesFromStack('S', env, async () => { throw new Error('must not be called'); })).toEqual({});
  });
  it('fills in the round links\' key and page address too; when only those are missing, an unreadable stack is no error', async () => {
    const deployed = [...outputs, { OutputKey: 'AgencyLinkSecretArn', OutputValue: 'arn:aws:secretsmanager:r:1:secret:k' }, { OutputKey: 'ConsoleUrl', OutputValue: 'https://x.execute-api.r.amazonaws.com/' }];
    const set = { TABLE_NAME: 't', IDEMPOTENCY_TABLE_NAME: 'i', BUCKET_NAME: 'b' };
    expect(await namesFromStack('S', set, async () => deployed)).toEqual({ AGENCY_LINK_SECRET_ARN: 'arn:aws:secretsmanager:r:1:secret:k', WEB_BASE_URL: 'https://x.execute-api.r.amazonaws.com/' });
    expect(await namesFromStack('S', set, async () => { throw Object.assign(new Error('x'), { name: 'AccessDenied' }); })).toEqual({});
    await expect(namesFromStack('S', { BUCKET_NAME: 'b' }, async () => { throw new Error('x'); })).rejects.toMatchObject({ messageVi: expect.stringMatching(/Không đọc được/) });
  });
  it('fills in the dead-letter queues for `intake --aws dlq`', async () => {
    const deployed = [...outputs, { OutputKey: 'IngestDlqUrl', OutputValue: 'https://sqs.r.amazonaws.com/1/ingest-dlq' }, { OutputKey: 'OcrDlqUrl', OutputValue: 'https://sqs.r.amazonaws.com/1/ocr-dlq' }];
    const set = { TABLE_NAME: 't', IDEMPOTENCY_TABLE_NAME: 'i', BUCKET_NAME: 'b', OCR_DLQ_URL: 'https://mine' };
    expect(await namesFromStack('S', set, async () => deployed)).toEqual({ INGEST_DLQ_URL: 'https://sqs.r.amazonaws.com/1/ingest-dlq' });
  });
  it('says in Vietnamese what to check when the stack cannot be read', async () => {
    const err = await namesFromStack('Missing', {}, async () => { throw Object.assign(new Error('x'), { name: 'ValidationError' }); }).catch((e) => e);
    expect(err.messageVi).toMatch(/Không đọc được thông tin của stack "Missing"/);
    expect(err.message).toMatch(/ValidationError/);
  });
  it('the environment chooses AWS and the stack (shared/config awsTarget), and the outputs name the same variables', () => {
    expect(awsTarget({})).toEqual({ wanted: false, endpointsGiven: false, stackName: 'DeAn06Intake', names: {} });
    expect(awsTarget({ TABLE_NAME: 't' }).wanted).toBe(false); // a table name alone is not an AWS target
    expect(awsTarget({ TABLE_NAME: 't', AWS_PROFILE: 'p', INTAKE_STACK_NAME: 'Other' })).toMatchObject({ wanted: true, stackName: 'Other', names: { TABLE_NAME: 't' } });
    expect(awsTarget({ AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:1' })).toMatchObject({ wanted: true, endpointsGiven: true });
    expect(Object.values(OUTPUT_ENV).sort()).toEqual([...STACK_NAMES].sort());
  });
});
