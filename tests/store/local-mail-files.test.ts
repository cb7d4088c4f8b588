/** The embedded stack keeps each sent mail as a .eml under <dataDir>/ses/ as soon as it is sent (#13.8), not at stop. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '#shared/config';
import { sesMailer } from '#shared/mail/ses';
import { emlPath, startLocalStack } from '#local/stack';

it('writes the .eml (and the mail list) while the stack is still running', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'intake-mailfiles-'));
  const stack = await startLocalStack({ dataDir, deliverEvents: false });
  try {
    const sent = await sesMailer(loadConfig(stack.env)).send({ to: 'vanphong@moj.gov.vn', subject: 'Biên nhận báo cáo', text: 'Đã nhận.' });
    const file = emlPath(dataDir, sent.messageId);
    for (let i = 0; i < 50 && !existsSync(file); i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('vanphong@moj.gov.vn');
    const list = JSON.parse(readFileSync(join(dataDir, 'ses', 'emails.json'), 'utf8')) as Array<{ messageId: string }>;
    expect(list.map((m) => m.messageId)).toContain(sent.messageId);
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
