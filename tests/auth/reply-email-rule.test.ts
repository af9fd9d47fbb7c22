import { describe, expect, it } from 'vitest';
import { canLinkHolderAccess, canLinkHolderClose, canLinkHolderLeave, canLinkHolderReopen, checkReplyEmail } from '@/lib/auth/policy';
import { defaultSettings } from '@/lib/core/settings';

const enabled = { ...defaultSettings, participantsEnabled: true };
const disabled = { ...defaultSettings, participantsEnabled: false };

const ticketCustomer = { id: 1, email: 'carol@acme.test', companyId: 10 };
const participants = [
  { id: 100, email: 'guest@elsewhere.test' },
  { id: 101, email: 'other.guest@elsewhere.test' },
];

const check = (email: string, overrides: Partial<Parameters<typeof checkReplyEmail>[0]> = {}) =>
  checkReplyEmail({ email, ticketCustomer, customerWithEmail: null, participants, settings: enabled, ...overrides });

describe('checkReplyEmail (the reply-form rule)', () => {
  it('accepts the ticket’s customer, trimmed and case-insensitively', () => {
    for (const email of ['carol@acme.test', '  Carol@ACME.test \n']) {
      expect(check(email)).toEqual({ ok: true, as: 'customer', customerId: 1 });
    }
  });

  it('accepts a customer of the same company as the ticket’s customer', () => {
    expect(check(' Dave@Acme.test ', { customerWithEmail: { id: 2, companyId: 10 } })).toEqual({ ok: true, as: 'colleague', customerId: 2 });
  });

  it('refuses a customer of another company', () => {
    expect(check('erin@globex.test', { customerWithEmail: { id: 3, companyId: 11 } })).toMatchObject({ ok: false });
  });

  it('refuses a customer without a company, even when the ticket’s customer has none either', () => {
    expect(check('frank@home.test', { customerWithEmail: { id: 4, companyId: null } })).toMatchObject({ ok: false });
    expect(
      check('frank@home.test', { ticketCustomer: { ...ticketCustomer, companyId: null }, customerWithEmail: { id: 4, companyId: null } }),
    ).toMatchObject({ ok: false });
  });

  it('accepts a participant of the ticket while participants are enabled, trimmed and case-insensitively', () => {
    expect(check('guest@elsewhere.test')).toEqual({ ok: true, as: 'participant', participantId: 100 });
    expect(check(' OTHER.Guest@Elsewhere.TEST ')).toEqual({ ok: true, as: 'participant', participantId: 101 });
  });

  it('refuses a participant while participants are disabled', () => {
    expect(check('guest@elsewhere.test', { settings: disabled })).toMatchObject({ ok: false });
  });

  it('still accepts the customer and colleagues while participants are disabled', () => {
    expect(check('carol@acme.test', { settings: disabled })).toMatchObject({ ok: true, as: 'customer' });
    expect(check('dave@acme.test', { settings: disabled, customerWithEmail: { id: 2, companyId: 10 } })).toMatchObject({ ok: true, as: 'colleague' });
  });

  it('refuses a stranger with a message that says who may reply', () => {
    const result = check('stranger@nowhere.test');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/not allowed to reply/);
  });

  it('refuses an empty address', () => {
    expect(check('   ')).toEqual({ ok: false, reason: 'Enter your email address.' });
  });

  it('does not accept a near miss of an allowed address', () => {
    for (const email of ['carol@acme.test.evil', 'xcarol@acme.test', 'guest@elsewhere.tes', 'carol@acme']) {
      expect(check(email)).toMatchObject({ ok: false });
    }
  });
});

describe('what a link holder may do', () => {
  it('lets the customer in always and participants only while enabled', () => {
    expect(canLinkHolderAccess('customer', disabled)).toBe(true);
    expect(canLinkHolderAccess('participant', enabled)).toBe(true);
    expect(canLinkHolderAccess('participant', disabled)).toBe(false);
  });

  it('closes tickets that are not closed yet', () => {
    for (const status of ['new', 'open', 'hold'] as const) expect(canLinkHolderClose({ status, assigneeId: null })).toBe(true);
    expect(canLinkHolderClose({ status: 'closed', assigneeId: null })).toBe(false);
  });

  it('reopens closed tickets only while the setting allows it', () => {
    expect(canLinkHolderReopen({ status: 'closed', assigneeId: null }, { ...defaultSettings, customersCanReopen: true })).toBe(true);
    expect(canLinkHolderReopen({ status: 'closed', assigneeId: null }, { ...defaultSettings, customersCanReopen: false })).toBe(false);
    expect(canLinkHolderReopen({ status: 'open', assigneeId: null }, { ...defaultSettings, customersCanReopen: true })).toBe(false);
  });

  it('lets participants leave, never the customer', () => {
    expect(canLinkHolderLeave('participant')).toBe(true);
    expect(canLinkHolderLeave('customer')).toBe(false);
  });
});
