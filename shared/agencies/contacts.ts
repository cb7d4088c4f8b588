/**
 * Agencies' report addresses and mail domains (for recognising email senders, receipts and digests).
 * Kept in the Store (Store.setContact / listContacts); seeds/agencies/contacts.json holds clearly fake placeholder
 * addresses so a local demo has somewhere to send receipts.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { seedPath } from '#shared/domain/seeds';
import { type Store } from '#shared/store/records';
import { AgencyContact } from '#shared/domain/contact';
import { agencyDirectory, type AgencyDirectory } from './directory';
import { resolveAgencies } from './resolve';

export const Email = z.string().trim().toLowerCase().pipe(z.email());
export const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .transform((d) => d.replace(/^@/, ''))
  .pipe(z.string().regex(/^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'không phải tên miền'));

/** "a@x.gov.vn, b@y.gov.vn" (commas, semicolons or spaces; repeated flags) → validated, unique, lower case. */
export function parseList<T extends z.ZodType<string>>(values: string | string[] | undefined, schema: T, what?: { vi: string; en: string }): string[] {
  const parts = ([] as string[]).concat(values ?? []).flatMap((v) => v.split(/[\s,;]+/)).filter(Boolean);
  const label = what ?? (schema === (Email as unknown) ? { vi: 'Địa chỉ thư', en: 'email address' } : schema === (Domain as unknown) ? { vi: 'Tên miền', en: 'domain' } : { vi: 'Giá trị', en: 'value' });
  return [...new Set(parts.map((p) => {
    const r = schema.safeParse(p);
    if (!r.success) throw Object.assign(new Error(`invalid ${label.en}: ${p}`), { code: 'invalid_contact', messageVi: `${label.vi} không hợp lệ: "${p}"` });
    return r.data as string;
  }))];
}

export class UnknownAgencyError extends Error {
  readonly code = 'unknown_agency';
  constructor(readonly text: string, readonly messageVi = `Không nhận ra cơ quan "${text}"`) {
    super(`unknown agency: ${text}`);
  }
}

/** An agency named on the command line: its id, or any name, abbreviation or spelling the directory knows. */
export function agencyIdOf(text: string, dir: AgencyDirectory = agencyDirectory()): string {
  const t = text.normalize('NFC').trim();
  const a = dir.get(t) ?? dir.find(t);
  if (a) return a.unitOf ?? a.id;
  const r = resolveAgencies(t, { directory: dir });
  if (r.ids.length === 1 && !r.unresolved?.length && !r.groups?.length) return r.ids[0]!;
  throw new UnknownAgencyError(t);
}

/** Set an agency's contact. `add: true` merges with what is stored instead of replacing. */
export async function setAgencyContact(
  store: Pick<Store, 'setContact' | 'listContacts'>,
  input: { agencyId: string; emails: string[]; domains?: string[]; add?: boolean; now?: string },
): Promise<AgencyContact> {
  const existing = input.add ? (await store.listContacts()).find((c) => c.agencyId === input.agencyId) : undefined;
  const contact = AgencyContact.parse({
    agencyId: input.agencyId,
    emails: [...new Set([...(existing?.emails ?? []), ...input.emails])],
    domains: [...new Set([...(existing?.domains ?? []), ...(input.domains ?? [])])],
    updatedAt: input.now ?? new Date().toISOString(),
  });
  await store.setContact(contact);
  return contact;
}

const SeedContacts = z.object({
  note: z.string().optional(),
  contacts: z.array(z.object({ agencyId: z.string(), emails: z.array(Email), domains: z.array(Domain).default([]) })),
});

/** The placeholder contacts of seeds/agencies/contacts.json (every agency id checked against the directory). */
export function seedContacts(file = seedPath('agencies', 'contacts.json'), dir: AgencyDirectory = agencyDirectory()): AgencyContact[] {
  const data = SeedContacts.parse(JSON.parse(readFileSync(file, 'utf8')));
  return data.contacts.map((c) => {
    if (!dir.get(c.agencyId)) throw new UnknownAgencyError(c.agencyId);
    return AgencyContact.parse(c);
  });
}

/** Loads the seed contacts into the store, keeping contacts already set for an agency (the secretariat's wins). */
export async function loadSeedContacts(store: Pick<Store, 'setContact' | 'listContacts'>, opts: { overwrite?: boolean; now?: string } = {}): Promise<{ loaded: number; kept: number }> {
  const existing = new Set((await store.listContacts()).map((c) => c.agencyId));
  let loaded = 0, kept = 0;
  for (const c of seedContacts()) {
    if (existing.has(c.agencyId) && !opts.overwrite) { kept++; continue; }
    await store.setContact({ ...c, updatedAt: opts.now ?? new Date().toISOString() });
    loaded++;
  }
  return { loaded, kept };
}
