/**
 * Failures, the one catalogue: every failure or refusal code that reaches a person (the extract's, the ingest
 * path's, the inbound mail path's) → what happened and how to fix it, in Vietnamese. Receipts, the mails of the
 * inbound path, the CLI and the console all read it from here; nobody words a failure on their own.
 *
 * `what` is a phrase without a final period (callers add punctuation); `fix` is a full sentence, or absent when
 * there is nothing the sender can do. Neither carries document text. A failure's specific facts (page count, the
 * limit, the image format, which part) are structured details; `failureMessage` words them, here and nowhere else.
 */
import { FILE_TYPE_LABEL, sizeLabel } from './labels';

export interface Failure {
  what: string;
  fix?: string;
  /** What happened, in English, for operators (the report's `message`); only where the pipeline words it itself. */
  en?: string;
}

const RESEND = 'Kiểm tra tệp mở được trên máy của cơ quan rồi gửi lại.';

export const FAILURES = {
  // a file's content (extract)
  empty: { what: 'Tệp rỗng (0 byte)', fix: 'Kiểm tra lại tệp rồi gửi lại.', en: 'the file is empty (0 bytes)' },
  too_large: {
    what: 'Thư hoặc tệp vượt quá dung lượng cho phép',
    fix: 'Tách báo cáo thành các tệp nhỏ hơn (chỉ cần phần phụ lục thống kê nhiệm vụ) và gửi thành nhiều thư, hoặc tải tệp lên qua đường liên kết tải lên của cơ quan.',
  },
  too_many_pages: { what: 'Tệp PDF có quá nhiều trang', fix: 'Chỉ gửi phần phụ lục thống kê nhiệm vụ.' },
  zip_bomb: { what: 'Tệp nén vượt giới hạn số tệp hoặc dung lượng giải nén', fix: 'Gửi trực tiếp các tệp báo cáo, không nén.' },
  unsupported_type: {
    what: 'Định dạng tệp không được hỗ trợ (chỉ nhận DOCX, XLSX, PDF hoặc ZIP chứa các tệp đó)',
    fix: 'Lưu báo cáo ở định dạng DOCX, XLSX hoặc PDF có lớp chữ rồi gửi lại.',
  },
  type_mismatch: {
    what: 'Phần mở rộng của tệp không khớp với nội dung thật của tệp',
    fix: 'Mở tệp bằng Word/Excel, lưu lại đúng định dạng (DOCX, XLSX hoặc PDF) rồi gửi lại.',
  },
  corrupt: { what: 'Tệp bị hỏng, không đọc được', fix: RESEND },
  encrypted: { what: 'Tệp được đặt mật khẩu nên không mở được', fix: 'Gỡ mật khẩu của tệp rồi gửi lại.' },
  no_text: {
    what: 'Tệp là bản quét (ảnh), không có lớp chữ để đọc',
    fix: 'Gửi kèm bản DOCX/XLSX hoặc bản PDF xuất trực tiếp từ Word/Excel (không scan).',
  },
  legacy_encoding: {
    what: 'Văn bản dùng phông chữ cũ (TCVN3/VNI) không chuyển đổi được',
    fix: 'Chuyển phông sang Unicode (Unikey: Công cụ chuyển mã) rồi gửi lại.',
  },
  no_table: {
    what: 'Không tìm thấy bảng thống kê nhiệm vụ trong tệp',
    fix: 'Điền kết quả vào bảng theo mẫu Phụ lục 01 (hoặc biểu mẫu đã gửi cho cơ quan) rồi gửi lại.',
  },
  timeout: { what: 'Tệp xử lý quá lâu', fix: 'Chỉ gửi phần phụ lục thống kê nhiệm vụ, hoặc chuyển sang XLSX.' },
  duplicate: {
    what: 'Tệp này trùng với một tệp đã nhận trước đây',
    fix: 'Không cần gửi lại; nếu có cập nhật, hãy sửa nội dung rồi gửi.',
  },
  // the upload path (ingest)
  outside_prefix: {
    what: 'Tệp không nằm trong thư mục uploads/ nên không được xử lý; đã ghi nhận, tệp gốc vẫn ở chỗ cũ',
    en: 'object is outside the uploads/ prefix; it was recorded but not read or processed',
  },
  missing: { what: 'Không còn tìm thấy tệp trong kho lưu trữ', fix: 'Gửi lại tệp.', en: 'the object no longer exists in the bucket' },
  dead_lettered: {
    what: 'Xử lý tệp thất bại nhiều lần; sự kiện đã chuyển vào hàng đợi lỗi để vận hành viên xử lý lại',
    fix: 'Không cần gửi lại; Thư ký Tổ công tác sẽ xử lý lại tệp.',
  },
  internal: {
    what: 'Không xử lý được tệp (lỗi nội bộ); bản gốc đã được lưu lại để kiểm tra',
    fix: 'Không cần gửi lại; Thư ký Tổ công tác sẽ kiểm tra và xử lý lại tệp.',
    en: 'the file could not be processed (internal error); the original is kept for inspection',
  },
  agency_unknown: {
    what: 'Không xác định được cơ quan gửi báo cáo (không có trong tên thư mục tải lên, địa chỉ gửi, tiêu đề văn bản hay tên tệp)',
    fix: 'Ghi rõ tên cơ quan ở tiêu đề báo cáo (ví dụ "… của Bộ Tư pháp") hoặc gửi từ hộp thư/đường liên kết tải lên của cơ quan; Thư ký Tổ công tác sẽ gán cơ quan cho báo cáo này.',
  },
  same_content_other_agency: {
    what: 'Tệp có nội dung trùng với báo cáo đã nhận của một cơ quan khác; báo cáo được tạm giữ, chưa tính cho cơ quan nào',
    fix: 'Thư ký Tổ công tác sẽ kiểm tra và gán báo cáo cho đúng cơ quan.',
  },
  // a mail message (inbound)
  mime_too_deep: {
    what: 'Thư có cấu trúc lồng nhau quá sâu (nghi ngờ thư độc hại)',
    fix: 'Gửi thư mới, đính kèm trực tiếp tệp báo cáo (không chuyển tiếp lồng nhiều lần).',
  },
  mime_too_many_parts: { what: 'Thư có quá nhiều thành phần (nghi ngờ thư độc hại)', fix: 'Gửi thư mới chỉ đính kèm các tệp báo cáo.' },
  too_many_attachments: { what: 'Thư có quá nhiều tệp đính kèm', fix: 'Gửi các tệp báo cáo thành nhiều thư, hoặc nén chung vào một tệp ZIP.' },
  malformed: { what: 'Không đọc được cấu trúc thư', fix: 'Gửi lại thư từ chương trình thư điện tử thông thường.' },
  spam: { what: 'Thư bị đánh giá là thư rác' },
  virus: { what: 'Thư có chứa mã độc' },
  auth_failed: {
    what: 'Thư không qua được kiểm tra xác thực người gửi (SPF/DKIM/DMARC)',
    fix: 'Gửi từ hộp thư công vụ của cơ quan; Thư ký Tổ công tác sẽ kiểm tra thư này.',
  },
  virus_unscanned: {
    what: 'Chưa kiểm tra được mã độc trong thư',
    fix: 'Không cần gửi lại; Thư ký Tổ công tác sẽ kiểm tra thư này trước khi xử lý.',
  },
  unknown_sender: {
    what: 'Địa chỉ người gửi chưa được đăng ký cho cơ quan nào',
    fix: 'Thư ký Tổ công tác sẽ xác nhận địa chỉ gửi với cơ quan; có thể gửi lại từ hộp thư đã đăng ký.',
  },
  no_report: {
    what: 'Thư không có tệp báo cáo hoặc bảng số liệu',
    fix: 'Đính kèm tệp báo cáo (DOCX, XLSX hoặc PDF) hoặc dán bảng số liệu vào nội dung thư rồi gửi lại.',
  },
  unsafe_name: { what: 'Tên tệp trong tệp nén không hợp lệ (chứa đường dẫn)', fix: 'Nén lại tệp ZIP, không đưa đường dẫn thư mục vào tên tệp.' },
  html_script: {
    what: 'Nội dung HTML của thư có mã script; mã này đã bị loại bỏ, không được chạy',
    fix: 'Không cần xử lý; nếu bảng trong thư không được đọc đúng, hãy gửi tệp đính kèm.',
  },
  automatic: { what: 'Thư do máy gửi tự động (báo lỗi gửi thư, phản hồi tự động, thư hàng loạt); đã lưu, không trả lời' },
  reply_limit: {
    what: 'Địa chỉ này đã gửi quá số thư được trả lời trong ngày; thư được giữ lại chờ Tổ thư ký xem xét',
    fix: 'Không cần gửi lại; Thư ký Tổ công tác sẽ xem thư và xử lý nếu đó là báo cáo.',
  },
} as const satisfies Record<string, Failure>;

export type FailureCode = keyof typeof FAILURES;

/** What to tell when a code is not in the catalogue (a newer code, or data from an older version). */
export const UNKNOWN_FAILURE_FIX = 'Kiểm tra tệp rồi gửi lại; nếu vẫn lỗi, liên hệ Thư ký Tổ công tác và nêu mã lỗi này.';

export function isFailureCode(code: string): code is FailureCode {
  return Object.hasOwn(FAILURES, code);
}

/** The catalogue's entry for a code, or undefined when the code is not in it. */
export function failureOf(code: string | undefined): Failure | undefined {
  return code && isFailureCode(code) ? FAILURES[code] : undefined;
}

/** "what" as a sentence (with its period): for receipts and lists. */
export function sentence(s: string): string {
  return /[.!?…]$/.test(s) ? s : `${s}.`;
}

/**
 * A report's error text for a code the pipeline words itself: English for operators, the catalogue's sentence for
 * people. A code without English here is told as `internal`.
 */
export function failureText(code: string): { message: string; messageVi: string } {
  const f = failureOf(code);
  const { what, en } = f?.en ? { what: f.what, en: f.en } : FAILURES.internal;
  return { message: en, messageVi: sentence(what) };
}

/** "Tệp bị hỏng, không đọc được. Cách khắc phục: …" — one line for a code, as receipts, mails and the CLI print it. */
export function failureLine(code: string, fallbackWhat?: string): string {
  const f = failureOf(code);
  const what = f?.what ?? fallbackWhat ?? `Không xử lý được tệp (mã lỗi: ${code})`;
  const fix = f ? f.fix : UNKNOWN_FAILURE_FIX;
  return `${sentence(what)}${fix ? ` Cách khắc phục: ${fix}` : ''}`;
}

/** The structured facts a failure carries (an ExtractError's `details`): numbers, formats, names of steps. */
export type FailureDetails = Readonly<Record<string, string | number | boolean | undefined>>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const size = (v: unknown) => sizeLabel(num(v) ?? 0, 'vi');
const typeLabel = (t: string) => FILE_TYPE_LABEL[t] ?? t;
const duration = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} giây` : `${ms} mili giây`);
const limitOf = (d: FailureDetails) => num(d.limit) ?? num(d.maxPages);

/** "Tên tệp ghi là PDF nhưng nội dung là ảnh." — when the name and the content disagree. */
function mismatch(d: FailureDetails): string | undefined {
  const claimed = str(d.claimed);
  const real = str(d.real);
  return claimed && real && claimed !== real ? `Tên tệp ghi là ${typeLabel(claimed)} nhưng nội dung là ${typeLabel(real)}.` : undefined;
}

/** What kind of file it really is, when that tells the sender what to do. */
function realKind(d: FailureDetails): string | undefined {
  const real = str(d.real);
  if (real === 'doc' || real === 'xls' || real === 'ole') {
    return `Tệp là định dạng cũ ${typeLabel(real)}: mở tệp và lưu lại dưới dạng ${real === 'xls' ? '.xlsx' : '.docx'}.`;
  }
  if (real === 'eml') return 'Đây là một thư điện tử nguyên gốc (MIME): hãy gửi thư tới địa chỉ tiếp nhận (hoặc dùng lệnh `intake receive`) để đọc nội dung và tệp đính kèm.';
  if (real === 'zip') return 'Tệp nén ZIP không phải Word (.docx) hay Excel (.xlsx).';
  return undefined;
}

/** Per code: the Vietnamese of a failure's specific facts (one or more short sentences), or undefined. */
const DETAIL: Partial<Record<FailureCode, (d: FailureDetails) => string | undefined>> = {
  too_large: (d) => {
    const limit = num(d.limit);
    const cap = limit !== undefined ? `; giới hạn: ${size(limit)}` : '';
    if (num(d.bytes) !== undefined) return `Dung lượng tệp: ${size(d.bytes)}${cap}.`;
    if (num(d.contentXmlBytes) !== undefined) {
      return `Nội dung ${d.part === 'xlsx' ? 'các trang tính' : 'văn bản'} khi giải nén: ${size(d.contentXmlBytes)}${cap}.`;
    }
    if (num(d.width) !== undefined && num(d.height) !== undefined) {
      const max = num(d.maxPixels);
      const image = str(d.image)?.toUpperCase();
      return `Ảnh${image ? ` ${image}` : ''} khai báo ${d.width} × ${d.height} điểm ảnh${max ? `; giới hạn: ${max / 1e6} megapixel` : ''}.`;
    }
    return undefined;
  },
  too_many_pages: (d) => {
    const limit = limitOf(d);
    const pages = num(d.pages);
    if (pages !== undefined) return `Số trang: ${pages}${limit !== undefined ? `; giới hạn: ${limit} trang` : ''}.`;
    return limit !== undefined ? `Giới hạn: ${limit} trang.` : undefined;
  },
  zip_bomb: (d) => {
    const limit = num(d.limit);
    if (num(d.entries) !== undefined) return `Số thành phần trong tệp nén: ${d.entries}; giới hạn: ${limit}.`;
    if (num(d.uncompressedBytes) !== undefined) return `Dung lượng khi giải nén: ${size(d.uncompressedBytes)}; giới hạn: ${size(limit)}.`;
    if (num(d.ratio) !== undefined) return `Tỷ lệ nén: ${d.ratio}:1; giới hạn: ${limit}:1.`;
    return undefined;
  },
  unsupported_type: (d) => {
    const image = str(d.image);
    if (image && str(d.why)) return `Ảnh ${image.toUpperCase()} có kiểu mã hoá không đọc được (${d.why}); hãy gửi bản quét dạng PDF hoặc JPEG.`;
    return realKind(d);
  },
  type_mismatch: (d) => [mismatch(d), realKind(d)].filter(Boolean).join(' ') || undefined,
  corrupt: (d) => {
    const pages = num(d.pages);
    const unreadable = num(d.unreadable);
    if (pages !== undefined && unreadable !== undefined) return `Số trang không đọc được: ${unreadable}/${pages}; các trang còn lại không có chữ.`;
    if (str(d.image)) return `Ảnh ${str(d.image)!.toUpperCase()} bị hỏng hoặc không đầy đủ.`;
    if (str(d.claimed)) return `Tên tệp ghi là ${typeLabel(str(d.claimed)!)} nhưng nội dung không hợp lệ.`;
    return undefined;
  },
  no_text: (d) => {
    if (str(d.image)) return `Tệp là ảnh ${str(d.image)!.toUpperCase()}.`;
    const pages = num(d.pages);
    return pages !== undefined ? `Không trang nào trong ${pages} trang có lớp chữ.` : undefined;
  },
  legacy_encoding: (d) => (d.encoding === 'tcvn3' ? 'Bảng mã: TCVN3 (phông .VnTime).' : d.encoding === 'vni' ? 'Bảng mã: VNI.' : undefined),
  timeout: (d) => {
    const ms = num(d.timeoutMs) ?? num(d.ms);
    if (ms === undefined) return undefined;
    const page = num(d.page);
    return `Đã dừng sau ${duration(ms)}${page !== undefined ? ` (đến trang ${page})` : ''}.`;
  },
  internal: (d) => {
    const parts = [str(d.step) && `bước ${d.step}`, num(d.page) !== undefined && `trang ${d.page}`].filter(Boolean);
    return parts.length ? `Chỗ lỗi: ${parts.join(', ')}.` : undefined;
  },
};

/** The Vietnamese of a failure's specific facts alone ("Số trang: 412; giới hạn: 300 trang."), or undefined. */
export function failureDetail(code: string, details: FailureDetails = {}): string | undefined {
  return isFailureCode(code) ? DETAIL[code]?.(details) : undefined;
}

/**
 * A failure told to a person, in Vietnamese: the catalogue's sentence for the code, then its specific facts
 * ("Tệp PDF có quá nhiều trang. Số trang: 412; giới hạn: 300 trang."). No fix: whoever shows a fix takes it from the
 * catalogue (`failureLine`, FAILURES[code].fix). A code outside the catalogue is told as `internal`.
 */
export function failureMessage(code: string, details: FailureDetails = {}): string {
  const what = sentence((failureOf(code) ?? FAILURES.internal).what);
  const detail = failureDetail(code, details);
  return detail ? `${what} ${detail}` : what;
}
