/** The agency directory's records (seeds/agencies/agencies.json), validated with zod when loaded. */
import { z } from 'zod';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const AgencyType = z.enum([
  'ministry', // bộ
  'ministry_level', // cơ quan ngang bộ
  'government_agency', // cơ quan thuộc Chính phủ
  'province', // tỉnh
  'city', // thành phố trực thuộc trung ương
  'judiciary', // tòa án, viện kiểm sát
  'national_assembly_body', // Kiểm toán nhà nước …
  'soe', // tập đoàn, tổng công ty nhà nước
  'state_bank', // ngân hàng chính sách
  'working_group', // tổ công tác
  'association', // VCCI …
  'mass_org', // đoàn thể
  'party', // cơ quan Đảng
  'unit', // đơn vị thuộc một cơ quan: a cell naming it resolves to `unitOf`
  'other',
]);
export type AgencyType = z.infer<typeof AgencyType>;

export const Agency = z.object({
  /** stable kebab-case slug */
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  name: z.string(),
  type: AgencyType,
  /** document-number code (BCA, BTTTT, VPCP …) */
  code: z.string().optional(),
  english: z.string().optional(),
  /** every spelling we accept for it: short forms, abbreviations, spellings seen in the seeds */
  aliases: z.array(z.string()),
  /** exists from / until (inclusive); absent = open */
  validFrom: IsoDate.optional(),
  validTo: IsoDate.optional(),
  /** who takes over its tasks after validTo */
  successor: z.string().optional(),
  /** for type 'unit': the agency that answers for it */
  unitOf: z.string().optional(),
  /** sits under another agency from a date (BHXH Việt Nam under Bộ Tài chính from 2025-03-01) */
  parents: z.array(z.object({ id: z.string(), from: IsoDate.optional(), to: IsoDate.optional() })).optional(),
  /** provinces: code in the 2025 address database (for the units that exist after 2025-07-01) */
  provinceCode: z.string().optional(),
  note: z.string().optional(),
});
export type Agency = z.infer<typeof Agency>;

export const AgencyData = z.object({
  generatedBy: z.string(),
  sources: z.array(z.string()),
  groups: z.record(z.string(), z.string()),
  agencies: z.array(Agency),
});
export type AgencyData = z.infer<typeof AgencyData>;

/** Group words an agency cell can name instead of (or beside) agencies. Values: Vietnamese labels. */
export const GROUPS = {
  all_ministries: 'Các bộ, ngành',
  all_provinces: 'Các địa phương (UBND tỉnh, thành phố)',
  related_ministries: 'Các bộ, ngành liên quan',
  related_provinces: 'Các địa phương liên quan',
  related_agencies: 'Các cơ quan, đơn vị liên quan',
  some_provinces: 'Một số địa phương (không nêu tên)',
  assigned_ministries: 'Các bộ, ngành được giao (theo văn bản dẫn chiếu)',
  press: 'Các cơ quan thông tấn, báo chí',
} as const;
export type GroupId = keyof typeof GROUPS;
