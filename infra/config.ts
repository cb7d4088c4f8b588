/** Deployment settings: CDK context (cdk.json or `-c key=value`), validated at the boundary. */
import { z } from 'zod';
import type { Node } from 'constructs';

const email = z.string().email();

export const StackConfig = z.object({
  stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/).default('DeAn06Intake'),
  /** the SES-verified domain that receives reports and sends receipts/digests. */
  inboundDomain: z.string().min(3),
  inboundRecipients: z.array(email).min(1),
  /** From address of receipts and digests (an address of inboundDomain). */
  senderAddress: email,
  /** where held messages and operator notices go (defaults to senderAddress). */
  secretariatAddress: email.optional(),
  /** alarms go to this address when set. */
  operatorEmail: z.union([email, z.literal('')]).default(''),
  digestScheduleCron: z.string().default('cron(0 7 * * ? *)'),
  /** the console's Cognito managed login: https://<prefix>.auth.<region>.amazoncognito.com (unique in the region). */
  consoleDomainPrefix: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lower-case letters, digits and hyphens').refine((s) => !/aws|amazon|cognito/.test(s), 'may not contain aws, amazon or cognito').optional(),
  /** set false to leave an existing active receipt rule set alone. */
  activateReceiptRuleSet: z.boolean().default(true),
});
export type StackConfig = z.infer<typeof StackConfig>;

export function readConfig(node: Node): StackConfig {
  const keys = Object.keys(StackConfig.shape) as Array<keyof StackConfig>;
  const raw: Record<string, unknown> = {};
  for (const k of keys) {
    let v = node.tryGetContext(k);
    // `-c inboundRecipients=a@x,b@y` arrives as a string
    if (k === 'inboundRecipients' && typeof v === 'string') v = v.split(',').map((s) => s.trim()).filter(Boolean);
    if (k === 'activateReceiptRuleSet' && typeof v === 'string') v = v !== 'false';
    if (v !== undefined) raw[k] = v;
  }
  const parsed = StackConfig.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Invalid CDK context: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
