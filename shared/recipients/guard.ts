/**
 * Every mail we send goes through this: addresses marked do-not-send (a permanent bounce or a complaint)
 * are dropped from To and Cc before SES sees the message. A mail left with no recipient is not sent;
 * the result says which addresses were skipped, so the caller can record it.
 */
import { OutgoingMail, type Mailer, type SentMail } from '#shared/mail/mailer';
import type { Store } from '#shared/store/records';

export interface GuardedSent extends SentMail {
  /** addresses not written to, because they are marked do-not-send. */
  suppressed?: string[];
  /** nothing was sent (every recipient suppressed). */
  skipped?: boolean;
}

const bare = (a: string) => (/<([^>]+)>/.exec(a)?.[1] ?? a).trim().toLowerCase();
const list = (v: OutgoingMail['to'] | OutgoingMail['cc']) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function guardMailer(mailer: Mailer, store: Pick<Store, 'getRecipient'>): { send(mail: OutgoingMail): Promise<GuardedSent> } {
  return {
    async send(input) {
      const mail = OutgoingMail.parse(input); // a malformed mail is refused here, as the mailer itself would
      const suppressed: string[] = [];
      const keep = async (addrs: string[]) => {
        const out: string[] = [];
        for (const a of addrs) {
          if ((await store.getRecipient(bare(a)))?.doNotSend) suppressed.push(bare(a));
          else out.push(a);
        }
        return out;
      };
      const to = await keep(list(mail.to));
      const cc = await keep(list(mail.cc));
      if (to.length === 0 && cc.length === 0) return { messageId: '', rfcMessageId: '', suppressed, skipped: true };
      const res = await mailer.send({ ...mail, to: to.length ? to : cc, cc: to.length && cc.length ? cc : undefined });
      return suppressed.length ? { ...res, suppressed } : res;
    },
  };
}
