/**
 * SES sending events (bounce, complaint, delivery, reject, delay) in each shape SES delivers them — EventBridge,
 * SNS, bare — read into per-recipient outcomes; and `intake mail event` on the samples in the repo, against the
 * local stack, recording and reporting what happened to each address.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextRecipient } from '#shared/domain/recipient';
import { parseSesEvents, SesEventError } from '#shared/recipients/ses-events';
import { intakeAsync as runCli } from '#testkit/cli';

const SAMPLES = join(__dirname, '../../seeds/samples/ses-events');
const sample = (name: string) => JSON.parse(readFileSync(join(SAMPLES, name), 'utf8')) as unknown;

describe('SES events read in every shape', () => {
  it('EventBridge permanent bounce → a hard bounce for its recipient, with the status', () => {
    const [o] = parseSesEvents(sample('bounce.json'));
    expect(o.type).toBe('bounce');
    expect(o.events).toEqual([expect.objectContaining({ address: 'canbo.cu@moj.gov.vn', kind: 'bounce', status: '5.1.1', source: 'ses' })]);
  });
  it('SNS-wrapped complaint, bare delivery, transient bounce and delay (retried by SES only)', () => {
    expect(parseSesEvents(sample('complaint.json'))[0].events[0]).toMatchObject({ address: 'vanphong@moh.gov.vn', kind: 'complaint' });
    expect(parseSesEvents(sample('delivery.json'))[0].events[0]).toMatchObject({ address: 'vanphong@moj.gov.vn', kind: 'delivery' });
    expect(parseSesEvents(sample('soft-bounce.json'))[0].events[0]).toMatchObject({ kind: 'soft_bounce', status: '4.2.2' });
    const delay = { eventType: 'DeliveryDelay', mail: { destination: ['a@x.vn'] }, deliveryDelay: { delayType: 'MailboxFull', delayedRecipients: [{ emailAddress: 'A@X.vn' }], timestamp: '2024-06-18T00:00:00Z' } };
    expect(parseSesEvents(delay)[0].events[0]).toMatchObject({ address: 'a@x.vn', kind: 'soft_bounce', status: 'MailboxFull' });
    const reject = { eventType: 'Reject', mail: { destination: ['b@y.vn'], timestamp: '2024-06-18T00:00:00Z' }, reject: { reason: 'Bad content' } };
    expect(parseSesEvents([reject])[0].events[0]).toMatchObject({ address: 'b@y.vn', kind: 'reject' });
  });
  it('refuses what is not an SES event, with a typed error', () => {
    expect(() => parseSesEvents({ hello: 'world' })).toThrow(SesEventError);
    expect(() => parseSesEvents({ source: 'aws.ses', detail: { mail: {} } })).toThrow(/event 1/);
  });
  it('the state follows the events: a complaint sticks, a delivery clears a bounce, a soft bounce never blocks', () => {
    const at = '2024-06-18T00:00:00Z';
    const bounced = nextRecipient(undefined, { address: 'A@x.vn', kind: 'bounce', at, source: 'ses' });
    expect(bounced).toMatchObject({ address: 'a@x.vn', state: 'bouncing', doNotSend: true });
    expect(nextRecipient(bounced, { address: 'a@x.vn', kind: 'delivery', at, source: 'ses' })).toMatchObject({ state: 'ok', doNotSend: false });
    const complained = nextRecipient(bounced, { address: 'a@x.vn', kind: 'complaint', at, source: 'ses' });
    expect(nextRecipient(complained, { address: 'a@x.vn', kind: 'delivery', at, source: 'ses' })).toMatchObject({ state: 'complained', doNotSend: true });
    expect(nextRecipient(undefined, { address: 'c@x.vn', kind: 'soft_bounce', at, source: 'ses' })).toMatchObject({ state: 'soft_bounce', doNotSend: false });
  });
});

describe('intake mail event', () => {
  it('records the samples on the local stack and says what it means for each address; unreadable input exits non-zero', async () => {
    const dir = `/tmp/intake-mail-${process.pid}-${Date.now()}`;
    const bounce = await runCli(['--data-dir', dir, 'mail', 'event', join(SAMPLES, 'bounce.json')]);
    expect(bounce.code).toBe(0);
    expect(bounce.stdout).toContain('canbo.cu@moj.gov.vn: không nhận được thư');
    expect(bounce.stdout).toContain('sẽ không gửi thư đến địa chỉ này');
    const list = await runCli(['--data-dir', dir, 'mail', 'recipients', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ address: 'canbo.cu@moj.gov.vn', state: 'bouncing', doNotSend: true })]);
    const bad = await runCli(['--data-dir', dir, 'mail', 'event', join(SAMPLES, '../bo-y-te.xlsx')]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('Không đọc được tệp JSON');
  }, 240_000);
});
