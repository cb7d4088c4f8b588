/** Agencies by name (the directory's), the id itself when the directory does not know it. */
import { agencyDirectory } from '#shared/agencies';

export function agencyName(id: string): string {
  return agencyDirectory().get(id)?.name ?? id;
}
