/**
 * What every resilience test checks against the real stores after the storm: one report per object, every row
 * once, one status-history entry per automatically matched row, one receipt per report, nothing dead-lettered.
 */
import { expect } from 'vitest';
import { reportIdFor } from '#shared/ingest/process-upload';
import type { Report } from '#shared/domain/report';
import type { TestStack } from './local-stack';
import { REPORTING_AGENCIES } from './reports';

/** the contact address receipts of an agency go to (uploads have no sender: the agency's contact gets it). */
export const contactOf = (agencyId: string) => `van-thu@${agencyId}.gov.vn.test`;

export async function setContacts(env: TestStack): Promise<void> {
  for (const agencyId of REPORTING_AGENCIES) await env.store.setContact({ agencyId, emails: [contactOf(agencyId)], domains: [] });
}

export async function upload(env: TestStack, key: string, bytes: Uint8Array, metadata?: Record<string, string>) {
  const put = await env.blobs.put(key, bytes, { metadata });
  return { key, etag: put.etag, size: bytes.byteLength, id: reportIdFor({ bucket: env.config.bucketName, key, etag: put.etag }) };
}

/** receipts whose subject names this file (the upload receipt's subject carries the file name). */
export function receiptsFor(env: TestStack, fileName: string) {
  return env.stack.sentMail().filter((m) => m.subject.endsWith(`: ${fileName}`));
}

/**
 * The invariant: exactly one report for the key, in `state`; its rows stored once each and as many as it counted
 * (and as `expectedRows`, when the test knows them); one history entry per automatically matched row and none
 * other for this report; exactly one receipt.
 */
export async function expectExactlyOnce(env: TestStack, up: { key: string; id: string }, o: { state?: Report['state']; expectedRows?: number } = {}) {
  const reports = (await env.store.listReports()).filter((r) => r.key === up.key);
  expect(reports.map((r) => r.id), up.key).toEqual([up.id]);
  const r = reports[0]!;
  expect(r.state, up.key).toBe(o.state ?? 'processed');
  const rows = await env.store.listRows(up.id);
  expect(new Set(rows.map((x) => x.rowId)).size, up.key).toBe(rows.length);
  expect(rows.length, up.key).toBe(r.counts?.rows ?? 0);
  if (o.expectedRows !== undefined) expect(rows.length, up.key).toBe(o.expectedRows);
  const auto = rows.filter((x) => x.match?.decision === 'auto' && x.match.taskId);
  const tasks = [...new Set(auto.map((x) => x.match!.taskId!))];
  let entries = 0;
  for (const taskId of tasks) {
    const mine = (await env.store.statusHistory(taskId)).filter((h) => h.reportId === up.id);
    for (const h of mine) expect(auto.some((x) => x.rowId === h.rowId && x.match!.taskId === taskId), `${up.key} ${h.rowId}`).toBe(true);
    entries += mine.length;
  }
  expect(entries, `${up.key}: history entries`).toBe(auto.length);
  expect(receiptsFor(env, r.fileName), `${up.key}: receipts`).toHaveLength(1);
  return { report: r, rows };
}
