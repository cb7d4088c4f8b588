/** Where an agency is reached (mail addresses and domains): receipts, templates, reminders, sender check. */
import { z } from 'zod';

export const AgencyContact = z.object({
  agencyId: z.string(),
  emails: z.array(z.string()).default([]),
  domains: z.array(z.string()).default([]),
  updatedAt: z.string().optional(),
});
export type AgencyContact = z.infer<typeof AgencyContact>;
