/**
 * The HTML part of the digest email (also digest.html). Built for mail clients, not browsers: tables for layout,
 * inline CSS plus bgcolor/width attributes (Outlook's Word engine ignores much CSS), bars made of table cells,
 * no scripts, no images, no external resources, one fixed-width column that also reads on a phone.
 */
import { viDate } from '#shared/domain/dates';
import {
  CATEGORY_VI, SHARE_NAMED, lateTasksLabel, moreBehindLabel, TOTAL_ROWS, clip, coordinatorLine, dueLabel, isShared, shareHeadline, evidenceLabel, lateHeadline, leadLabel, periodLabel, reportLabel, resultLabel, rowCode, rowPlace, signed, title,
} from './labels';
import type { Category, Digest, RowRef, TaskLine, Totals } from './model';

/** At most this many late tasks are listed in the email body; all of them are in the XLSX attachment. */
export const HTML_LATE_LIMIT = 100;
const ROW_LIMIT = 50;

const COLORS: Record<Category, string> = {
  completed: '#2e7d32',
  overdue: '#c62828',
  inProgress: '#1565c0',
  recurring: '#78909c',
};
const ORDER: Category[] = ['completed', 'overdue', 'inProgress', 'recurring'];
const FONT = "font-family:Arial,sans-serif;";
const TD = `${FONT}font-size:13px;padding:5px 6px;border-bottom:1px solid #e0e0e0;vertical-align:top`;
const TH = `${FONT}font-size:12px;color:#555555;padding:5px 6px;border-bottom:2px solid #bdbdbd;text-align:left;vertical-align:bottom`;
const H2 = `${FONT}font-size:16px;color:#0d47a1;margin:24px 0 8px 0;padding:0;`;

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** "ubnd-hue.pdf, bảng 1, STT 3" with the id `intake review` takes, small and grey beneath. */
function rowCell(r: RowRef): string {
  return `${esc(rowPlace(r))}<br><span style="color:#757575;font-size:11px">${esc(rowCode(r))}</span>`;
}

/** Widths in whole percent that add up to 100 (largest remainder), zero parts dropped. */
export function barWidths(counts: Partial<Record<Category, number>>): Array<{ cat: Category; pct: number }> {
  const parts = ORDER.map((cat) => ({ cat, n: counts[cat] ?? 0 })).filter((p) => p.n > 0);
  const total = parts.reduce((s, p) => s + p.n, 0);
  if (!total) return [];
  const raw = parts.map((p) => ({ cat: p.cat, exact: (p.n * 100) / total }));
  const out = raw.map((r) => ({ cat: r.cat, pct: Math.floor(r.exact), rem: r.exact - Math.floor(r.exact) }));
  let left = 100 - out.reduce((s, o) => s + o.pct, 0);
  for (const o of [...out].sort((a, b) => b.rem - a.rem)) { if (left <= 0) break; o.pct++; left--; }
  return out.filter((o) => o.pct > 0).map(({ cat, pct }) => ({ cat, pct }));
}

function bar(counts: Totals, height = 14): string {
  const cells = barWidths(counts)
    .map(({ cat, pct }) => `<td width="${pct}%" height="${height}" bgcolor="${COLORS[cat]}" style="font-size:1px;line-height:1px">&nbsp;</td>`)
    .join('');
  if (!cells) return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td bgcolor="#eeeeee" style="background-color:#eeeeee;height:${height}px;font-size:1px;line-height:1px;">&nbsp;</td></tr></table>`;
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;"><tr>${cells}</tr></table>`;
}

function legend(): string {
  return ORDER.map((c) => `<td style="${FONT}font-size:12px;color:#444444;padding:4px 12px 4px 0;white-space:nowrap;"><span style="display:inline-block;width:10px;height:10px;background-color:${COLORS[c]};">&nbsp;</span>&nbsp;${esc(CATEGORY_VI[c])}</td>`).join('');
}

function table(head: string[], rows: string[][], widths?: string[]): string {
  const th = head.map((h, i) => `<th align="left"${widths?.[i] ? ` width="${widths[i]}"` : ''} style="${TH}">${esc(h)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c) => `<td style="${TD}">${c}</td>`).join('')}</tr>`).join('\n');
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">\n<tr>${th}</tr>\n${trs}\n</table>`;
}

const SMALL = 'color:#757575;font-size:11px';

/** The Kết quả cell: the latest result and its report; for a shared task, the breakdown by agency. */
function resultCell(task: TaskLine): string {
  if (!isShared(task)) {
    const result = task.latest?.result ? esc(clip(task.latest.result, 400)) : `<i style="color:#9e9e9e;">${esc(resultLabel(task.latest))}</i>`;
    return `${result}${task.latest ? `<br><span style="${SMALL}">${esc(evidenceLabel(task.latest))}</span>` : ''}`;
  }
  const behind = task.share.answering.filter((a) => a.standing === 'notCompleted').slice(0, SHARE_NAMED.behind);
  const items = behind.map((a) => `<li>${esc(a.name)}: ${esc(clip(resultLabel(a.latest), 200))}<br><span style="${SMALL}">${esc(evidenceLabel(a.latest))}</span></li>`);
  const more = task.share.counts.notCompleted - behind.length;
  if (more > 0) items.push(`<li>${esc(moreBehindLabel(more))}</li>`);
  const coord = coordinatorLine(task);
  return `${esc(shareHeadline(task))}${items.length ? `<ul style="margin:4px 0;padding-left:16px;">${items.join('')}</ul>` : ''}${coord ? `<span style="${SMALL}">${esc(coord)}</span>` : ''}`;
}

export function renderHtml(d: Digest): string {
  const parts: string[] = [];
  const add = (s: string) => parts.push(s);
  const t = d.totals;

  // headline numbers
  const tiles = TOTAL_ROWS.map(({ key, label }) => {
    const color = key === 'overdue' ? COLORS.overdue : key === 'completed' ? COLORS.completed : key === 'inProgress' ? COLORS.inProgress : key === 'recurring' ? COLORS.recurring : '#212121';
    const ch = d.previous ? `<div style="${FONT}font-size:11px;color:#757575;">${esc(signed(d.previous.change[key]))} so với ${esc(viDate(d.previous.asOf))}</div>` : '';
    return `<td width="16%" align="center" valign="top" style="padding:8px 4px;border:1px solid #e0e0e0;"><div style="${FONT}font-size:24px;font-weight:bold;color:${color};">${t[key]}</div><div style="${FONT}font-size:11px;color:#555555;">${esc(label)}</div>${ch}</td>`;
  }).join('');
  add(`<table role="presentation" width="100%" cellpadding="0" cellspacing="4" border="0"><tr>${tiles}</tr></table>`);
  add(`<div style="margin:8px 0 4px 0;">${bar(t, 18)}</div>`);
  add(`<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>${legend()}</tr></table>`);

  // the short version first: what a reader needs even if a mail client clips a long message (Gmail: ~100 KB)
  add(`<p style="${FONT}font-size:14px;margin:16px 0 4px 0;"><b>${esc(lateHeadline(d))}</b></p>`);
  if (d.lateGroups.length) add(`<ul style="${FONT}font-size:14px;margin:0 0 8px 0;padding-left:20px;">${d.lateGroups.map((g) => `<li>${esc(g.label)}</li>`).join('')}</ul>`);
  const missing = d.notReported.map((a) => a.name);
  add(`<p style="${FONT}font-size:14px;margin:4px 0;"><b>${d.notReported.length}</b> đơn vị chưa gửi báo cáo kỳ này${missing.length ? `: ${esc(missing.slice(0, 15).join(', '))}${missing.length > 15 ? ` và ${missing.length - 15} đơn vị khác` : ''}` : ''}.</p>`);
  add(`<p style="${FONT}font-size:14px;margin:4px 0;"><b>${d.newlyCompleted.length}</b> nhiệm vụ mới hoàn thành · <b>${d.review.length}</b> dòng chờ rà soát · <b>${d.unregistered.length}</b> nhiệm vụ ngoài danh mục.</p>`);

  // late tasks
  add(`<h2 style="${H2}">I. Các nhiệm vụ chậm muộn (${t.overdue})</h2>`);
  let n = 0;
  for (const g of d.lateGroups) {
    if (n >= HTML_LATE_LIMIT) break;
    const rows: string[][] = [];
    for (const task of g.tasks) {
      if (n >= HTML_LATE_LIMIT) break;
      n++;
      rows.push([
        String(n),
        `<span style="color:#757575;font-size:11px">${esc(task.taskId)}</span><br>${esc(clip(task.content, 400))}`,
        esc(leadLabel(task)),
        esc(dueLabel(task)),
        resultCell(task),
      ]);
    }
    add(`<h3 style="${FONT}font-size:14px;color:#b71c1c;margin:16px 0 6px 0;">${esc(g.label)}</h3>`);
    add(table(['STT', 'Nội dung nhiệm vụ', 'Đơn vị thực hiện', 'Thời hạn', 'Kết quả gần nhất'], rows, ['4%', '40%', '18%', '12%', '26%']));
  }
  if (t.overdue > n) add(`<p style="${FONT}font-size:13px;color:#555555;">… và ${t.overdue - n} nhiệm vụ khác: xem đầy đủ trong tệp đính kèm.</p>`);
  if (d.newlyLate.length) add(`<p style="${FONT}font-size:13px;">Mới chậm muộn so với kỳ trước: ${esc(d.newlyLate.join(', '))}</p>`);

  // per agency
  add(`<h2 style="${H2}">II. Tình hình theo đơn vị</h2>`);
  const arows = d.agencies.map((a) => {
    const c = a.counts;
    const reps = a.reports.length
      ? a.reports.map((r) => `<span style="color:${r.state === 'processed' ? '#222222' : '#c62828'};">${esc(reportLabel(r))}</span>`).join('<br>')
      : '<span style="color:#c62828;">Chưa gửi báo cáo</span>';
    return [
      esc(a.name),
      `${bar(c, 10)}<div style="font-size:11px;color:#555555;margin-top:3px;">${c.completed} HT · ${c.overdue} chậm · ${c.inProgress} đang TH · ${c.recurring} TX · ${c.noReport} chưa BC</div>${a.late.length ? `<div style="font-size:11px;color:#b71c1c;margin-top:3px;">Chậm muộn: ${esc(lateTasksLabel(a.late, 10))}</div>` : ''}`,
      String(c.tasks),
      reps,
    ];
  });
  add(table(['Đơn vị', 'Tình hình', 'Số NV', 'Báo cáo trong kỳ'], arows, ['28%', '34%', '8%', '30%']));
  add(`<p style="${FONT}font-size:11px;color:#757575;">HT: hoàn thành · chậm: chậm muộn · đang TH: đang thực hiện · TX: thực hiện thường xuyên · chưa BC: chưa có báo cáo.</p>`);

  add(`<h3 style="${FONT}font-size:14px;color:#b71c1c;margin:16px 0 6px 0;">Các đơn vị chưa gửi báo cáo kỳ này (${d.notReported.length})</h3>`);
  add(d.notReported.length
    ? table(['Đơn vị', 'Nhiệm vụ chưa hoàn thành', 'Liên hệ'], d.notReported.map((a) => [
      esc(a.name),
      String(a.counts.tasks - a.counts.completed),
      a.emails.length ? a.emails.map((e) => `<a href="mailto:${esc(e)}" style="color:#1565c0;">${esc(e)}</a>`).join('<br>') : '<span style="color:#9e9e9e;">chưa có địa chỉ</span>',
    ]), ['45%', '20%', '35%'])
    : `<p style="${FONT}font-size:13px;">Không có.</p>`);
  if (d.unreachable?.length) {
    add(`<h3 style="${FONT}font-size:14px;color:#b71c1c;margin:16px 0 6px 0;">Các địa chỉ không nhận được thư của hệ thống (${d.unreachable.length}) — cần xin địa chỉ mới</h3>`);
    add(table(['Địa chỉ', 'Đơn vị', 'Tình trạng'], d.unreachable.map((u) => [
      esc(u.address), esc(u.agencyName ?? '—'), esc(`${u.stateVi}, từ ${viDate(u.since)}${u.status ? ` (mã ${u.status})` : ''}`),
    ]), ['34%', '28%', '38%']));
  }

  // newly completed
  add(`<h2 style="${H2}">III. Nhiệm vụ mới hoàn thành${d.previous ? ` từ ngày ${esc(viDate(d.previous.asOf))}` : ' trong kỳ'} (${d.newlyCompleted.length})</h2>`);
  add(d.newlyCompleted.length
    ? table(['Mã', 'Nội dung nhiệm vụ', 'Đơn vị', 'Báo cáo'], d.newlyCompleted.slice(0, ROW_LIMIT * 4).map((x) => [
      esc(x.taskId), esc(clip(x.content, 300)), esc(leadLabel(x)), esc(evidenceLabel(x.latest)),
    ]), ['14%', '46%', '20%', '20%'])
    : `<p style="${FONT}font-size:13px;">Không có.</p>`);

  // review
  add(`<h2 style="${H2}">IV. Cần rà soát</h2>`);
  add(`<p style="${FONT}font-size:13px;margin:0 0 6px 0;"><b>${d.review.length}</b> dòng báo cáo chờ rà soát đối chiếu; <b>${d.unregistered.length}</b> nhiệm vụ được báo cáo nhưng không có trong danh mục.</p>`);
  if (d.review.length) {
    add(table(['Dòng báo cáo', 'Nội dung', 'Gợi ý'], d.review.slice(0, ROW_LIMIT).map((r) => [
      rowCell(r), esc(clip(r.content, 200)), esc(r.candidates.map((c) => c.taskId).join(', ')),
    ]), ['28%', '52%', '20%']));
  }
  if (d.unregistered.length) {
    add(`<h3 style="${FONT}font-size:14px;margin:16px 0 6px 0;">Nhiệm vụ ngoài danh mục</h3>`);
    add(table(['Dòng báo cáo', 'Nội dung'], d.unregistered.slice(0, ROW_LIMIT).map((r) => [
      rowCell(r), esc(clip(r.content, 240)),
    ]), ['32%', '68%']));
  }

  const heading = title(d);
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(heading)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f4f4f4;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f4f4f4" style="background-color:#f4f4f4;">
<tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="760" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="width:100%;max-width:760px;background-color:#ffffff;border:1px solid #e0e0e0;">
<tr><td bgcolor="#0d47a1" style="background-color:#0d47a1;padding:16px 20px;">
<div style="${FONT}font-size:12px;color:#bbdefb;text-transform:uppercase;letter-spacing:1px;">Tổ công tác triển khai Đề án 06</div>
<div style="${FONT}font-size:20px;font-weight:bold;color:#ffffff;margin-top:4px;">${esc(heading)}</div>
<div style="${FONT}font-size:13px;color:#e3f2fd;margin-top:6px;">Số liệu tính đến ngày ${esc(viDate(d.asOf))}; kỳ báo cáo ${esc(periodLabel(d))}.</div>
</td></tr>
<tr><td style="padding:16px 20px;">
${parts.join('\n')}
<p style="${FONT}font-size:12px;color:#757575;margin-top:24px;border-top:1px solid #e0e0e0;padding-top:8px;">Chi tiết theo mẫu Phụ lục 01 trong tệp đính kèm. Thư được tạo tự động từ các báo cáo đã nhận; số liệu có thể thay đổi khi các dòng chờ rà soát được xác nhận.</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
