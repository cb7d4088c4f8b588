/**
 * Sender → agency, from the agencies' contacts (Store.listContacts): an exact address wins over a domain;
 * a domain matches itself and its subdomains (…@so.hue.gov.vn for hue.gov.vn), the longest domain winning.
 * Ambiguous (two agencies claim the same address or domain) → unknown, so a person decides.
 */
import type { AgencyContact } from '#shared/domain/contact';

export interface SenderMatch {
  agencyId?: string;
  how: 'address' | 'domain' | 'unknown' | 'ambiguous';
  candidates?: string[];
}

export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase().replace(/^<|>$/g, '');
}

export function agencyForSender(address: string, contacts: AgencyContact[]): SenderMatch {
  const addr = normaliseAddress(address);
  const at = addr.lastIndexOf('@');
  if (at <= 0) return { how: 'unknown' };
  const domain = addr.slice(at + 1);

  const byAddress = new Set<string>();
  for (const c of contacts) if (c.emails.some((e) => normaliseAddress(e) === addr)) byAddress.add(c.agencyId);
  if (byAddress.size === 1) return { agencyId: [...byAddress][0], how: 'address' };
  if (byAddress.size > 1) return { how: 'ambiguous', candidates: [...byAddress].sort() };

  let best = -1;
  let winners = new Set<string>();
  for (const c of contacts) {
    for (const d0 of c.domains) {
      const d = d0.trim().toLowerCase().replace(/^@/, '').replace(/^\*\./, '');
      if (!d) continue;
      if (domain === d || domain.endsWith(`.${d}`)) {
        if (d.length > best) { best = d.length; winners = new Set([c.agencyId]); }
        else if (d.length === best) winners.add(c.agencyId);
      }
    }
  }
  if (winners.size === 1) return { agencyId: [...winners][0], how: 'domain' };
  if (winners.size > 1) return { how: 'ambiguous', candidates: [...winners].sort() };
  return { how: 'unknown' };
}
