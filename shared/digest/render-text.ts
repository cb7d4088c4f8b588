/** The plain-text part of the digest email (also digest.txt). */
import { viDate } from '#shared/domain/dates';
import {
  TOTAL_ROWS, behindLines, lateTasksLabel, clip, coordinatorLine, isShared, shareHeadline, dueLabel, evidenceLabel, lateHeadline, leadLabel, periodLabel, reportLabel, resultLabel, rowCode, rowPlace, signed, title,
} from './labels';
import type { Digest } from './model';
import { HTML_LATE_LIMIT } from './render-html';

export function renderText(d: Digest): string {
  const out: string[] = [];
  const p = (s = '') => out.push(s);
  p(title(d).toUpperCase());
  p(`Số liệu tính đến ngày ${viDate(d.asOf)}; kỳ báo cáo ${periodLabel(d)}.`);
  p();
  p('I. SỐ LIỆU CHUNG');
  for (const { key, label } of TOTAL_ROWS) {
    const ch = d.previous ? ` (${signed(d.previous.change[key])} so với ngày ${viDate(d.previous.asOf)})` : '';
    p(`- ${label}: ${d.totals[key]}${ch}`);
  }
  p();
  p('II. CÁC NHIỆM VỤ CHẬM MUỘN');
  p(lateHeadline(d));
  for (const g of d.lateGroups) p(`  + ${g.label}`);
  let n = 0;
  for (const g of d.lateGroups) {
    if (n >= HTML_LATE_LIMIT) break;
    p();
    p(g.label.toUpperCase());
    for (const t of g.tasks) {
      if (n >= HTML_LATE_LIMIT) break;
      n++;
      p(`${n}. [${t.taskId}] ${t.content}`);
      p(`   Đơn vị thực hiện: ${leadLabel(t)}`);
      p(`   Thời gian hoàn thành: ${dueLabel(t)} — ${t.directive}`);
      if (isShared(t)) {
        // a shared task: who is done, who is behind (each with its own result and report), who has not reported
        p(`   Kết quả: ${shareHeadline(t)}`);
        for (const l of behindLines(t)) p(`     · ${l}`);
        const coord = coordinatorLine(t);
        if (coord) p(`   ${coord}`);
      } else {
        p(`   Kết quả: ${resultLabel(t.latest)}`);
        if (t.latest) p(`   Nguồn: ${evidenceLabel(t.latest)}`);
      }
    }
  }
  if (d.totals.overdue > n) p(`… và ${d.totals.overdue - n} nhiệm vụ khác: xem đầy đủ trong tệp đính kèm.`);
  if (d.newlyLate.length) {
    p();
    p(`Nhiệm vụ mới chậm muộn so với kỳ trước: ${d.newlyLate.join(', ')}`);
  }
  p();
  p('III. TÌNH HÌNH THEO ĐƠN VỊ');
  for (const a of d.agencies) {
    const c = a.counts;
    const reps = a.reports.length ? a.reports.map(reportLabel).join(', ') : 'chưa gửi báo cáo kỳ này';
    p(`- ${a.name}: ${c.tasks} nhiệm vụ — ${c.completed} hoàn thành, ${c.overdue} chậm muộn, ${c.inProgress} đang thực hiện, ${c.recurring} thường xuyên, ${c.noReport} chưa báo cáo; báo cáo: ${reps}`);
    if (a.late.length) p(`  Chậm muộn: ${lateTasksLabel(a.late)}`);
  }
  p();
  p(`Các đơn vị chưa gửi báo cáo kỳ này (${d.notReported.length}):`);
  for (const a of d.notReported) p(`- ${a.name}${a.emails.length ? ` — liên hệ: ${a.emails.join(', ')}` : ' — chưa có địa chỉ liên hệ'}`);
  if (!d.notReported.length) p('- Không có.');
  if (d.unreachable?.length) {
    p();
    p(`Các địa chỉ không nhận được thư của hệ thống (${d.unreachable.length}) — cần xin địa chỉ mới:`);
    for (const u of d.unreachable) p(`- ${u.address}${u.agencyName ? ` (${u.agencyName})` : ''}: ${u.stateVi}, từ ${viDate(u.since)}${u.status ? ` (mã ${u.status})` : ''}`);
  }
  p();
  p(`IV. NHIỆM VỤ MỚI HOÀN THÀNH${d.previous ? ` TỪ NGÀY ${viDate(d.previous.asOf)}` : ' TRONG KỲ'} (${d.newlyCompleted.length})`);
  for (const t of d.newlyCompleted) p(`- [${t.taskId}] ${t.content} — ${leadLabel(t)} (${evidenceLabel(t.latest)})`);
  if (!d.newlyCompleted.length) p('- Không có.');
  p();
  p('V. CẦN RÀ SOÁT');
  p(`- ${d.review.length} dòng báo cáo chờ rà soát đối chiếu nhiệm vụ.`);
  for (const r of d.review.slice(0, 50)) {
    p(`  · ${rowPlace(r)} [${rowCode(r)}]: ${clip(r.content, 160)}${r.candidates.length ? ` — gợi ý: ${r.candidates.map((c) => c.taskId).join(', ')}` : ''}`);
  }
  p(`- ${d.unregistered.length} nhiệm vụ được báo cáo nhưng không có trong danh mục.`);
  for (const r of d.unregistered.slice(0, 50)) p(`  · ${rowPlace(r)} [${rowCode(r)}]: ${clip(r.content, 160)}`);
  p();
  p('Chi tiết theo mẫu Phụ lục 01 trong tệp đính kèm (digest.xlsx).');
  return `${out.join('\n')}\n`;
}
