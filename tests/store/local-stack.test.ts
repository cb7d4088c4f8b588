import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config';
import { DataDirBusyError, startLocalStack } from '#local/stack';
import { dynamoStore } from '#shared/store/dynamo';

describe('the embedded stack on a data dir', () => {
  it('keeps data across restarts and refuses a second process-level opener with a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intake-stack-'));
    try {
      const first = await startLocalStack({ dataDir: dir, deliverEvents: false });
      const store = dynamoStore(loadConfig(first.env));
      await store.setContact({ agencyId: 'bo-tu-phap', emails: ['vp@moj.gov.vn'], domains: [] });
      await expect(startLocalStack({ dataDir: dir, deliverEvents: false, applyEnv: false })).rejects.toBeInstanceOf(DataDirBusyError);
      await first.stop();

      const again = await startLocalStack({ dataDir: dir, deliverEvents: false });
      const contacts = await dynamoStore(loadConfig(again.env)).listContacts();
      expect(contacts.map((c) => c.agencyId)).toEqual(['bo-tu-phap']);
      await again.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('restores the environment it set when it stops', async () => {
    const before = process.env.TABLE_NAME;
    const stack = await startLocalStack({ dataDir: null, deliverEvents: false });
    expect(process.env.AWS_ENDPOINT_URL_DYNAMODB).toBe(stack.endpoints.dynamodb);
    await stack.stop();
    expect(process.env.TABLE_NAME).toBe(before);
    expect(process.env.AWS_ENDPOINT_URL_DYNAMODB).toBeUndefined();
  });
});
