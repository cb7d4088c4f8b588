/**
 * An OCR job that keeps failing (the OCR function cannot list its results in S3): retried per receive, then
 * dead-lettered on the OCR queue's own DLQ, the report left `ocr_pending`; `intake dlq list` shows it beside the
 * ingest DLQ (as an OCR job, with its report and file) and `intake dlq redrive --queue ocr`, once the cause is
 * fixed, sends it back: the scan is read and the report processed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Report } from '#shared/domain/report';
import { loadSeedRegistry } from '#shared/registry';
import { intercept } from '#shared/store/clients';
import { intakeOk } from '#testkit/cli';
import { startTestStack } from '#testkit/local-stack';
import { upload } from '#testkit/resilience-world';
import { imagePdf, Scanner } from '#testkit/scan';

const dataDir = mkdtempSync(join(tmpdir(), 'intake-ocr-dlq-'));
const intake = (...args: string[]) => intakeOk([...args, '--data-dir', dataDir]);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('a failing OCR job is dead-lettered, listed and redriven by `intake dlq`', async () => {
  const scanner = await Scanner.open();
  let pdf: Uint8Array;
  try {
    pdf = await imagePdf([await scanner.shoot({
      widths: [12, 150, 40, 30, 30],
      header: [['STT', 'Nội dung nhiệm vụ', 'Thời hạn', 'Hoàn thành', 'Chưa hoàn thành']],
      rows: [['1', 'Triển khai dịch vụ công trực tuyến toàn trình cấp phiếu lý lịch tư pháp', 'Năm 2024', 'x', '']],
    }, { skew: 0.4, format: 'jpeg', quality: 70, seed: 5 })]);
  } finally {
    await scanner.close();
  }
  const key = 'uploads/bo-tu-phap/ban-quet.pdf';
  const env = await startTestStack({ dataDir });
  let id: string;
  let lists = 0;
  const stop = intercept(({ service, command, input }) => {
    if (service === 's3' && command === 'ListObjectsV2Command' && String(input.Prefix ?? '').startsWith('ocr/')) {
      lists++;
      throw Object.assign(new Error('Access Denied (injected)'), { name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } });
    }
  });
  try {
    await loadSeedRegistry(env.store);
    ({ id } = await upload(env, key, pdf));
    await env.stack.idle();
    expect(lists).toBe(3); // one per receive, maxReceiveCount 3
    expect(env.stack.deadLetters('ocr')).toHaveLength(1);
    expect(env.stack.deadLetters('ingest')).toHaveLength(0);
    expect(await env.store.getReport(id)).toMatchObject({ state: 'ocr_pending' });
  } finally {
    stop();
    await env.stop(); // the OCR dead letters persist in <data-dir>/dlq-ocr.json
  }

  const listed = JSON.parse((await intake('dlq', 'list', '--json')).stdout) as Array<Record<string, unknown>>;
  expect(listed).toHaveLength(1);
  expect(listed[0]).toMatchObject({ queue: 'ocr', key, reportId: id, receiveCount: 3 });
  expect(JSON.parse((await intake('dlq', 'list', '--queue', 'ingest', '--json')).stdout)).toEqual([]);
  expect((await intake('dlq', 'list')).stdout).toContain(`OCR ${key}`);

  expect((await intake('dlq', 'redrive', '--queue', 'ocr')).stdout).toMatch(/Đã đưa lại 1 sự kiện/);
  expect(JSON.parse((await intake('dlq', 'list', '--json')).stdout)).toEqual([]);
  const reports = Report.array().parse(JSON.parse((await intake('reports', 'list', '--json')).stdout));
  expect(reports.find((r) => r.id === id)).toMatchObject({ state: 'processed', ocr: { pages: 1, done: 1 }, counts: { rows: 1 } });
}, 240_000);
