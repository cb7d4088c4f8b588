/**
 * Reviewed hand corrections: where a source cannot be read right by any reader (text lost in the PDF's layout),
 * a person states the cell text the task should have. One file per directive in seeds/registry/corrections/,
 * applied by the importer before agencies and deadlines are resolved; each entry says why. A test pins every
 * entry (it must still differ from what the reader gives, so a stale correction is noticed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { seedPath } from '#shared/domain/seeds';
import { fold } from '#shared/domain/vietnamese';

export const CorrectionFields = z.object({
  content: z.string().min(1),
  lead: z.string(),
  coord: z.string(),
  deadline: z.string(),
  product: z.string(),
}).partial().strict();

export const Corrections = z.object({
  directive: z.string(),
  source: z.string(),
  reviewed: z.object({ by: z.string(), at: z.string() }),
  note: z.string().optional(),
  tasks: z.record(z.string(), z.object({ why: z.string().min(1), set: CorrectionFields })),
});
export type Corrections = z.infer<typeof Corrections>;

/** "04/CT-TTg" → "04-CT-TTg", "142/QĐ-VPCP" → "142-QD-VPCP" (file names of seeds/registry/). */
export function directiveSlug(number: string): string {
  return number.replace(/\//g, '-').replace(/Đ/g, 'D').replace(/đ/g, 'd').replace(/[^A-Za-z0-9-]/g, (c) => fold(c).toUpperCase());
}

export function correctionsPath(number: string): string {
  return seedPath('registry', 'corrections', `${directiveSlug(number)}.json`);
}

export function correctionsFor(number: string): Corrections | undefined {
  const p = correctionsPath(number);
  if (!existsSync(p)) return undefined;
  return Corrections.parse(JSON.parse(readFileSync(p, 'utf8')));
}
