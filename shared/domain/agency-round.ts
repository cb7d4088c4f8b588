/**
 * An agency's page for a reporting round (#16): the link the secretariat issued it (version, expiry, revocation) and
 * the draft it saves before submitting. A submission itself is a Report (origin "web") like any file.
 */
import { z } from 'zod';
import { Status } from './row';

const AgencyId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

/** The current link of an agency for a round: a token carries the version; only this version is valid. */
export const RoundLink = z.object({
  agencyId: AgencyId,
  roundId: z.string().min(1),
  /** starts at 1; re-issuing adds one (older tokens stop working). */
  version: z.number().int().positive(),
  issuedAt: z.string(),
  /** ISO timestamp: the round's deadline plus the grace period, end of that day in Việt Nam. */
  expiresAt: z.string(),
  issuedBy: z.string().optional(),
  /** set by a revocation: no token of this agency and round works until a new one is issued. */
  revokedAt: z.string().optional(),
  revokedBy: z.string().optional(),
});
export type RoundLink = z.infer<typeof RoundLink>;

/** What the agency entered for one task (a draft line or a submitted one). */
export const RoundAnswer = z.object({
  taskId: z.string().min(1),
  status: Status.optional(),
  result: z.string().optional(),
  difficulties: z.string().optional(),
});
export type RoundAnswer = z.infer<typeof RoundAnswer>;

export const RoundDraft = z.object({
  agencyId: AgencyId,
  roundId: z.string().min(1),
  savedAt: z.string(),
  answers: z.array(RoundAnswer),
  /** the name the agency gave as who is answering. */
  by: z.string().optional(),
});
export type RoundDraft = z.infer<typeof RoundDraft>;
