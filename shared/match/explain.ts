/**
 * The matcher's reasons (`why`) and how the reporting agency was found (`how`) in the secretariat's words.
 * The codes stay English in JSON (a contract); only what a person reads is translated here.
 */
import { isIsoDate, viDate, viMonthNumber } from '#shared/domain/dates';

const WHY: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^text: same$/, () => 'nội dung: trùng khớp'],
  [/^text: shortened task \((.+)\)$/, (m) => `nội dung: nhiệm vụ viết gọn (${num(m[1]!)})`],
  [/^text: task with added clauses \((.+)\)$/, (m) => `nội dung: nhiệm vụ có thêm ý (${num(m[1]!)})`],
  [/^text: (.+)$/, (m) => `nội dung: độ giống ${num(m[1]!)}`],
  [/^deadline: as written$/, () => 'thời hạn: như văn bản'],
  [/^deadline: same month$/, () => 'thời hạn: cùng tháng'],
  [/^deadline: same year$/, () => 'thời hạn: cùng năm'],
  [/^deadline: both recurring$/, () => 'thời hạn: cùng là thường xuyên'],
  [/^deadline: same roadmap$/, () => 'thời hạn: cùng lộ trình'],
  [/^deadline (\S+) is before the directive \((.+)\)$/, (m) => `thời hạn ${viDay(m[1]!)} sớm hơn ngày ban hành văn bản (${viDay(m[2]!)})`],
  [/^deadline: (.+) ≠ (.+)$/, (m) => `thời hạn: ${viDay(m[1]!)} khác ${viDay(m[2]!)}`],
  [/^refs: only documents outside the registry$/, () => 'căn cứ: chỉ văn bản ngoài danh mục'],
  [/^refs: another directive$/, () => 'căn cứ: văn bản khác'],
  [/^refs: (.+)$/, (m) => `căn cứ: ${m[1]}`],
  [/^text cites (.+)$/, (m) => `nội dung dẫn ${m[1]}`],
  [/^section agrees$/, () => 'cùng mục'],
  [/^agency: lead$/, () => 'cơ quan: chủ trì'],
  [/^agency: coordinates$/, () => 'cơ quan: phối hợp'],
  [/^agency: all ministries$/, () => 'cơ quan: giao cho các bộ, ngành'],
  [/^agency: all provinces$/, () => 'cơ quan: giao cho các địa phương'],
  [/^agency: not assigned to the reporting agency$/, () => 'cơ quan: không giao cho cơ quan báo cáo'],
  [/^removed from the registry on (\S+)$/, (m) => `đã bỏ khỏi danh mục ngày ${viDay(m[1]!)}`],
  [/^task id column$/, () => 'cột mã nhiệm vụ'],
  [/^remembered: (edited row )?confirmed on (\S+) \(report (.*), row (.*)\)$/, (m) => `${m[1] ? 'dòng sửa từ dòng ' : ''}đã xác nhận ngày ${viDay(m[2]!)} (báo cáo ${m[3]}, dòng ${m[4]})`],
  [/^remembered: (edited )?row of the previous report \(report (.*), row (.*)\)$/, (m) => `${m[1] ? 'sửa từ ' : ''}dòng của báo cáo kỳ trước (báo cáo ${m[2]}, dòng ${m[3]})`],
  [/^remembered: marked new on (\S+) \(report (.*), row (.*)\)$/, (m) => `đã xác nhận là nhiệm vụ mới ngày ${viDay(m[1]!)} (báo cáo ${m[2]}, dòng ${m[3]})`],
  [/^remembered: rejected on (\S+) \(report (.*), row (.*)\)$/, (m) => `đã bác bỏ ngày ${viDay(m[1]!)} (báo cáo ${m[2]}, dòng ${m[3]})`],
  [/^remembered: another agency confirmed on (\S+) \(report (.*), row (.*)\)$/, (m) => `cơ quan khác đã xác nhận ngày ${viDay(m[1]!)} (báo cáo ${m[2]}, dòng ${m[3]})`],
  [/^remembered task (\S+) removed from the registry on (\S+)$/, (m) => `nhiệm vụ đã xác nhận ${m[1]} đã bỏ khỏi danh mục ngày ${viDay(m[2]!)}`],
  [/^remembered task (\S+) is no longer assigned to the agency$/, (m) => `nhiệm vụ đã xác nhận ${m[1]} không còn giao cho cơ quan`],
  [/^remembered task (\S+) is not in the registry$/, (m) => `nhiệm vụ đã xác nhận ${m[1]} không có trong danh mục`],
  [/^its best task is reported by another row$/, () => 'nhiệm vụ gần nhất đã được dòng khác báo cáo'],
  [/^taken by another row of this report$/, () => 'đã được dòng khác của báo cáo này nhận'],
];

/** 2024-06-30 → 30/06/2024, 2024-06 → 06/2024; anything else as it is. */
function viDay(text: string): string {
  const t = text.trim();
  return isIsoDate(t) ? viDate(t) : /^\d{4}-\d{2}$/.test(t) ? viMonthNumber(t) : text;
}

/** 0.83 → 0,83 (Vietnamese decimal comma). */
function num(s: string): string {
  return /^-?\d+\.\d+$/.test(s) ? s.replace('.', ',') : s;
}

/** One reason in Vietnamese; an unknown code is shown as it is (nothing is hidden). */
export function whyVi(why: string): string {
  for (const [re, say] of WHY) {
    const m = re.exec(why);
    if (m) return say(m);
  }
  return why;
}

/** How `detectAgency` (or the CLI) found the reporting agency, in Vietnamese. */
export function agencySourceVi(how: string): string {
  if (how === '--agency') return 'theo --agency';
  let m = /^title: "(.*)"$/.exec(how);
  if (m) return 'từ tiêu đề';
  m = /^agency column: "(.*)" in (\d+)\/(\d+) rows$/.exec(how);
  if (m) return `từ cột cơ quan: ${m[2]}/${m[3]} dòng`;
  m = /^file name: "(.*)"$/.exec(how);
  if (m) return `từ tên tệp "${m[1]}"`;
  if (how.startsWith('not found')) return 'không thấy trong tiêu đề, cột cơ quan hay tên tệp';
  return how;
}
