/**
 * One path (#19): the secretariat decides a row of round 1 (decide(), as `intake review accept` and the console do),
 * and the agency's year-end report — the same rows reordered, one with a clause added — goes through the real
 * ingest path and comes out decided, explained.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { reportIdFor } from '#shared/ingest/process-upload';
import { decide } from '#shared/review/decide';
import { whyVi } from '#shared/match/explain';
import { loadSeedRegistry } from '#shared/registry';
import { useLocalStack } from '#testkit/local-stack';

const env = useLocalStack();
const OWN = 'Phối hợp với Bộ Công an rà soát, đánh giá việc triển khai các dịch vụ công liên thông trên địa bàn và báo cáo kết quả định kỳ về Tổ công tác';
const B53 = 'Nghiên cứu và công bố các tiêu chuẩn liên quan đến Trung tâm dữ liệu quốc gia';

function html(title: string, rows: Array<[string, string, string]>): string {
  const tr = rows.map(([c, d, r], i) => `<tr><td>${i + 1}</td><td>${c}</td><td>${d}</td><td>${r}</td></tr>`).join('');
  return `<html><body><p>BỘ TƯ PHÁP</p><p>${title}</p><table><tr><th>STT</th><th>Nhiệm vụ</th><th>Thời gian hoàn thành</th><th>Kết quả thực hiện</th></tr>${tr}</table></body></html>`;
}

async function ingest(key: string, text: string) {
  const put = await env.blobs.put(key, new TextEncoder().encode(text), { contentType: 'text/html' });
  await env.stack.idle();
  return reportIdFor({ bucket: env.config.bucketName, key, etag: put.etag });
}

beforeAll(async () => {
  await loadSeedRegistry(env.store);
});

describe('the second round, through ingest', () => {
  it("round 1's decision and auto rows carry over to round 2's edited, reordered rows", async () => {
    const r1 = await ingest('uploads/bo-tu-phap/bc-6-thang.html', html('BÁO CÁO 6 tháng đầu năm 2024', [[OWN, 'Năm 2024', 'Đang triển khai'], [B53, 'Quý II/2024', 'Đang thực hiện']]));
    const report1 = (await env.store.getReport(r1))!;
    expect(report1.state).toBe('processed');
    const rows1 = await env.store.listRows(r1);
    const own = rows1.find((r) => r.cells.content === OWN)!;
    expect(own.match?.decision).not.toBe('auto');
    await decide(env.store, report1, own, { action: 'accept', taskId: '04/CT-TTg:B.28' }, { by: 'secretariat', at: '2024-06-20T08:00:00.000Z' });
    // the registry does not name the agency for B.53: review in round 1, accepted by the secretariat
    const b53 = rows1.find((r) => r.cells.content === B53)!;
    expect(b53.match?.decision).toBe('review');
    await decide(env.store, report1, b53, { action: 'accept', taskId: '04/CT-TTg:B.53' }, { by: 'secretariat', at: '2024-06-20T08:01:00.000Z' });

    const r2 = await ingest('uploads/bo-tu-phap/bc-ca-nam.html', html('BÁO CÁO năm 2024', [
      [B53, 'Quý II/2024', 'Đã hoàn thành, đã công bố'],
      [`${OWN}, bảo đảm tiến độ theo kế hoạch`, 'Năm 2024', 'Đã hoàn thành'],
    ]));
    const rows2 = await env.store.listRows(r2);
    expect(rows2).toHaveLength(2);
    const edited = rows2.find((r) => r.cells.content?.startsWith(OWN))!;
    expect(edited.match, JSON.stringify(edited.match)).toMatchObject({ decision: 'auto', taskId: '04/CT-TTg:B.28', recalled: { how: 'near', origin: 'decision' } });
    expect(whyVi(edited.match!.recalled!.why)).toMatch(/^dòng sửa từ dòng đã xác nhận ngày 20\/06\/2024 \(báo cáo bc-6-thang\.html, dòng 1\)$/);
    const copied = rows2.find((r) => r.cells.content === B53)!;
    expect(copied.match).toMatchObject({ decision: 'auto', taskId: '04/CT-TTg:B.53', recalled: { how: 'same', origin: 'decision' } });
    // the decision's status went into the history for round 2 as well
    const history = await env.store.statusHistory('04/CT-TTg:B.28');
    expect(history.map((h) => [h.reportId, h.by])).toEqual(expect.arrayContaining([[r1, 'secretariat'], [r2, 'matcher']]));
  }, 120_000);
});
