import { describe, expect, it } from 'vitest';
import type { RecipientClaims } from '@/lib/participants/links';
import { signRecipientToken, verifyRecipientToken } from '@/lib/participants/links';
import { threadIdFor, verifyParleyMessageId } from '@/lib/mail/headers';
import { bounceDiagnostic, classifyAutomatic, referencedParleyIds } from '@/lib/mail/inbound/automatic';
import { dmarcVerdict } from '@/lib/mail/inbound/dmarc';
import { bracketedTicketNumbers, matchTicket, type MatchInput, type MatchLookups } from '@/lib/mail/inbound/matching';
import { copiedPeople, exclusionOf, FLOOD_LIMIT, isFlooding, type Exclusions } from '@/lib/mail/inbound/people';
import { canEmailAddPeople, canPickTicketBySubject, decideInboundNewTicket, decideInboundSender, inboundTrustOf } from '@/lib/auth/policy';
import { defaultSettings } from '@/lib/core/settings';

const secret = 'inbound-rules-secret-inbound-rules-secret-01';
const token = (ticketId: number, recipient: RecipientClaims['recipient'], version = 1) => signRecipientToken('reply-address', { ticketId, recipient, version }, secret);

// Ticket 7 exists with customer carol@acme.test and participant guest@else.test; ticket 8 exists; 9 does not.
// Reply addresses of version 1 are current, others stale. Ticket 8 received first-mail@acme.test from carol@acme.test;
// squat@x.test was received by ticket 8 from attacker@evil.test, then by ticket 7 from dave@bigco.test.
const lookups: MatchLookups = {
  verifyReplyToken: (t) => verifyRecipientToken('reply-address', t, secret),
  followReplyToken: (claims) => (claims.version === 1 ? claims : null),
  finalTicketOf: (id) => id,
  verifyParleyMessageId: (id) => verifyParleyMessageId(id, secret),
  receivedMessages: (id) =>
    id === 'first-mail@acme.test'
      ? [{ ticketId: 8, fromEmail: 'carol@acme.test' }]
      : id === 'orphan@x.test'
        ? [{ ticketId: 9, fromEmail: 'carol@acme.test' }]
        : id === 'squat@x.test'
          ? [
              { ticketId: 8, fromEmail: 'attacker@evil.test' },
              { ticketId: 7, fromEmail: 'dave@bigco.test' },
            ]
          : [],
  ticketNumberedInSubject: (subject) => (/\[PAR-1007\]/.test(subject) ? 7 : null),
  isOnTicket: (ticketId, email) => ticketId === 7 && ['carol@acme.test', 'guest@else.test'].includes(email),
  ticketExists: (id) => id === 7 || id === 8,
};

const base: MatchInput = { recipients: ['support@in.test'], references: [], subject: 'Hello', fromEmail: 'carol@acme.test', authenticated: true, inboundDomain: 'in.test' };
const match = (over: Partial<MatchInput>) => matchTicket({ ...base, ...over }, lookups);

describe('matchTicket: which ticket, in order', () => {
  it('1. a signed reply address at the inbound domain names the ticket and the recipient', () => {
    const address = `reply+${token(7, { kind: 'participant', id: 3 })}@in.test`;
    expect(match({ recipients: ['x@y.test', address] })).toEqual({ kind: 'ticket', ticketId: 7, via: 'reply-address', recipient: { kind: 'participant', id: 3 } });
    // Mail systems may upper-case the local part.
    expect(match({ recipients: [address.toUpperCase().replace('@IN.TEST', '@in.test')] })).toMatchObject({ ticketId: 7, via: 'reply-address' });
  });

  it('the reply address wins over references and the subject', () => {
    const address = `reply+${token(8, { kind: 'customer', id: 1 })}@in.test`;
    expect(match({ recipients: [address], references: [threadIdFor(7, 'localhost', secret)], subject: '[PAR-1007]' })).toMatchObject({ ticketId: 8, via: 'reply-address' });
  });

  it('ignores a reply address at another domain, with a bad MAC, or for a ticket that is gone', () => {
    const good = token(7, { kind: 'customer', id: 1 });
    expect(match({ recipients: [`reply+${good}@evil.test`] })).toEqual({ kind: 'new' });
    const altered = good.slice(0, -1) + (good.endsWith('0') ? '1' : '0');
    expect(match({ recipients: [`reply+${altered}@in.test`] })).toEqual({ kind: 'new' });
    expect(match({ recipients: [`reply+${token(9, { kind: 'customer', id: 1 })}@in.test`] })).toEqual({ kind: 'new' });
    expect(match({ recipients: [`reply+${good}@in.test`], inboundDomain: null })).toEqual({ kind: 'new' });
  });

  it('1. a stale reply address (removed, rotated, email changed) matches nothing, not even the references after it', () => {
    const stale = `reply+${token(7, { kind: 'participant', id: 3 }, 2)}@in.test`;
    expect(match({ recipients: [stale], references: [threadIdFor(7, 'localhost', secret)], subject: '[PAR-1007]' })).toEqual({
      kind: 'stale',
      ticketId: 7,
      recipient: { kind: 'participant', id: 3 },
    });
    // A current address of the same message wins, whichever comes first; the first stale one is the one reported.
    const current = `reply+${token(8, { kind: 'customer', id: 1 })}@in.test`;
    expect(match({ recipients: [stale, current] })).toMatchObject({ kind: 'ticket', ticketId: 8, via: 'reply-address' });
    expect(match({ recipients: [stale, `reply+${token(8, { kind: 'customer', id: 1 }, 3)}@in.test`] })).toMatchObject({ kind: 'stale', ticketId: 7 });
    // A stale address of a ticket that is gone is no address of ours.
    expect(match({ recipients: [`reply+${token(9, { kind: 'customer', id: 1 }, 2)}@in.test`] })).toEqual({ kind: 'new' });
  });

  it('2. a reference to one of our Message-IDs counts only when its MAC verifies', () => {
    expect(match({ references: ['unknown@x.test', threadIdFor(7, 'localhost', secret)] })).toEqual({ kind: 'ticket', ticketId: 7, via: 'reference' });
    expect(match({ references: ['ticket-7@localhost'] })).toEqual({ kind: 'new' });
    expect(match({ references: [threadIdFor(7, 'localhost', 'another-secret-another-secret-another-12')] })).toEqual({ kind: 'new' });
  });

  it('2. a reference to a message the ticket received (Reply All by a Cc’d colleague) finds that ticket', () => {
    const replyAll = { fromEmail: 'colleague@acme.test', recipients: ['support@in.test', 'carol@acme.test'] };
    expect(match({ ...replyAll, references: ['first-mail@acme.test'] })).toEqual({ kind: 'ticket', ticketId: 8, via: 'received-message' });
    expect(match({ references: ['first-mail@acme.test'] })).toEqual({ kind: 'ticket', ticketId: 8, via: 'received-message' });
    expect(match({ references: ['orphan@x.test'] })).toEqual({ kind: 'new' });
  });

  it('2. a received Message-ID is bound to its sender: it draws only mail from them or written to them', () => {
    // Dave's own mail naming the id an attacker used first goes to the ticket that received it from Dave, not theirs.
    expect(match({ fromEmail: 'dave@bigco.test', references: ['squat@x.test'] })).toEqual({ kind: 'ticket', ticketId: 7, via: 'received-message' });
    expect(match({ fromEmail: 'erin@bigco.test', recipients: ['support@in.test', 'dave@bigco.test'], references: ['squat@x.test'] })).toMatchObject({ ticketId: 7 });
    expect(match({ fromEmail: 'erin@bigco.test', references: ['squat@x.test'], authenticated: false })).toEqual({ kind: 'new' });
    expect(match({ fromEmail: 'attacker@evil.test', references: ['squat@x.test'] })).toMatchObject({ ticketId: 8 });
    expect(match({ fromEmail: 'colleague@acme.test', references: ['first-mail@acme.test'] })).toEqual({ kind: 'new' });
  });

  it('references are tried in order: the first one that names a ticket wins', () => {
    expect(match({ references: ['first-mail@acme.test', threadIdFor(7, 'localhost', secret)] })).toMatchObject({ ticketId: 8 });
  });

  it('3. a ticket number in the subject counts only for an authenticated sender (a forged From proves nothing)', () => {
    expect(match({ subject: 'Re: [PAR-1007] Invoices', authenticated: false })).toEqual({ kind: 'new' });
  });

  it('3. a ticket number in the subject counts only for the ticket’s customer or participants', () => {
    expect(match({ subject: 'Re: [PAR-1007] Invoices' })).toEqual({ kind: 'ticket', ticketId: 7, via: 'subject' });
    expect(match({ subject: 'Re: [PAR-1007] Invoices', fromEmail: 'guest@else.test' })).toMatchObject({ ticketId: 7 });
    expect(match({ subject: 'Re: [PAR-1007] Invoices', fromEmail: 'stranger@else.test' })).toEqual({ kind: 'new' });
  });

  it('4. anything else opens a new ticket', () => {
    expect(match({})).toEqual({ kind: 'new' });
  });

  it('reads bracketed numbers from a subject', () => {
    expect(bracketedTicketNumbers('Re: [PAR-1001] [ext] Fwd: [ 1002 ]')).toEqual(['PAR-1001', 'ext', '1002']);
  });
});

const settings = { ...defaultSettings, participantsEnabled: true, autoAddParticipants: false };
const ticketCustomer = { id: 1, email: 'carol@acme.test', companyId: 10 };
const decide = (over: Partial<Parameters<typeof decideInboundSender>[0]> = {}) =>
  decideInboundSender({
    email: 'stranger@else.test',
    excluded: false,
    dmarcFailed: false,
    trust: 'reply-address',
    removedFromTicket: false,
    ticketCustomer,
    customerWithEmail: null,
    participants: [{ id: 5, email: 'guest@else.test' }],
    settings,
    ...over,
  });

describe('matchTicket: a merged ticket leads to the end of its chain of merges', () => {
  // Ticket 8 was merged into 7: its addresses follow the holder to who they are on 7, its Message-IDs and number lead to 7.
  const merged: MatchLookups = {
    ...lookups,
    finalTicketOf: (id) => (id === 8 ? 7 : id),
    followReplyToken: (claims) =>
      claims.version !== 1 ? null : claims.ticketId === 8 && claims.recipient.kind === 'customer' ? { ticketId: 7, recipient: { kind: 'participant', id: 70 }, version: 1 } : claims,
    ticketNumberedInSubject: (subject) => (/\[PAR-1008\]/.test(subject) ? 8 : null),
  };
  const matchMerged = (over: Partial<MatchInput>) => matchTicket({ ...base, ...over }, merged);

  it('a reply address of the merged ticket names the target and the person its holder became there', () => {
    const address = `reply+${token(8, { kind: 'customer', id: 5 })}@in.test`;
    expect(matchMerged({ recipients: [address] })).toEqual({ kind: 'ticket', ticketId: 7, via: 'reply-address', recipient: { kind: 'participant', id: 70 } });
  });

  it('a stale address of the merged ticket stays stale (it names the merged ticket)', () => {
    const address = `reply+${token(8, { kind: 'participant', id: 6 }, 2)}@in.test`;
    expect(matchMerged({ recipients: [address] })).toEqual({ kind: 'stale', ticketId: 8, recipient: { kind: 'participant', id: 6 } });
  });

  it('our Message-ID, a received message and a subject number of the merged ticket find the target', () => {
    expect(matchMerged({ references: [threadIdFor(8, 'localhost', secret)] })).toEqual({ kind: 'ticket', ticketId: 7, via: 'reference' });
    expect(matchMerged({ references: ['first-mail@acme.test'] })).toEqual({ kind: 'ticket', ticketId: 7, via: 'received-message' });
    expect(matchMerged({ subject: 'Re: [PAR-1008] Invoices' })).toEqual({ kind: 'ticket', ticketId: 7, via: 'subject' });
  });
});

describe('decideInboundSender: the reply rule for email', () => {
  it('the customer, a colleague at the same company and a participant reply', () => {
    expect(decide({ email: 'Carol@ACME.test' })).toEqual({ action: 'reply', check: { ok: true, as: 'customer', customerId: 1 } });
    expect(decide({ email: 'dave@acme.test', customerWithEmail: { id: 2, companyId: 10 } })).toMatchObject({ action: 'reply', check: { as: 'colleague', customerId: 2 } });
    expect(decide({ email: 'guest@else.test' })).toMatchObject({ action: 'reply', check: { as: 'participant', participantId: 5 } });
  });

  it('a customer of another company is a stranger', () => {
    expect(decide({ email: 'erin@globex.test', customerWithEmail: { id: 3, companyId: 11 } })).toMatchObject({ action: 'refuse' });
  });

  it('participants disabled: a participant is refused, and nobody is added even with auto-add on', () => {
    const off = { ...settings, participantsEnabled: false, autoAddParticipants: true };
    expect(decide({ email: 'guest@else.test', settings: off })).toMatchObject({ action: 'refuse', reason: expect.stringMatching(/participants are turned off/) });
    expect(decide({ settings: off })).toMatchObject({ action: 'refuse' });
    expect(decide({ email: 'carol@acme.test', settings: off })).toMatchObject({ action: 'reply' });
  });

  it('a stranger is refused with auto-add off and added with it on', () => {
    expect(decide()).toMatchObject({ action: 'refuse', reason: expect.stringMatching(/Add email senders as participants/) });
    expect(decide({ settings: { ...settings, autoAddParticipants: true } })).toEqual({ action: 'add-participant' });
  });

  it('an unknown sender is added only when something vouches for them, and never after being removed', () => {
    const on = { ...settings, autoAddParticipants: true };
    expect(decide({ settings: on, trust: 'authenticated' })).toEqual({ action: 'add-participant' });
    expect(decide({ settings: on, trust: 'none' })).toEqual({ action: 'refuse', reason: expect.stringMatching(/^The sender is not on the ticket and nothing vouches for them/) });
    expect(decide({ settings: on, removedFromTicket: true })).toEqual({ action: 'refuse', reason: 'The sender was removed from this ticket; only an agent can add them again.' });
    // Those on the ticket reply whatever vouches for them (the ticket was matched by a secret of theirs).
    expect(decide({ email: 'guest@else.test', settings: on, trust: 'none', removedFromTicket: true })).toMatchObject({ action: 'reply' });
    // With auto-add off the old reason stands.
    expect(decide({ trust: 'none' })).toMatchObject({ reason: expect.stringMatching(/Add email senders as participants/) });
  });

  it('trust: a current reply address or a DMARC pass vouch; a DMARC fail undoes both', () => {
    expect(inboundTrustOf({ viaReplyAddress: true, dmarc: 'none' })).toBe('reply-address');
    expect(inboundTrustOf({ viaReplyAddress: true, dmarc: 'pass' })).toBe('reply-address');
    expect(inboundTrustOf({ viaReplyAddress: true, dmarc: 'fail' })).toBe('none');
    expect(inboundTrustOf({ viaReplyAddress: false, dmarc: 'pass' })).toBe('authenticated');
    expect(inboundTrustOf({ viaReplyAddress: false, dmarc: 'none' })).toBe('none');
    expect(inboundTrustOf({ viaReplyAddress: false, dmarc: 'fail' })).toBe('none');
    expect([canPickTicketBySubject('authenticated'), canPickTicketBySubject('reply-address'), canPickTicketBySubject('none')]).toEqual([true, false, false]);
    expect([canEmailAddPeople('authenticated'), canEmailAddPeople('reply-address'), canEmailAddPeople('none')]).toEqual([true, true, false]);
  });

  it('a DMARC fail makes even the customer unknown, and nobody is added', () => {
    expect(decide({ email: 'carol@acme.test', dmarcFailed: true })).toMatchObject({ action: 'refuse', reason: expect.stringMatching(/DMARC/) });
    expect(decide({ dmarcFailed: true, settings: { ...settings, autoAddParticipants: true } })).toMatchObject({ action: 'refuse' });
  });

  it('Parley’s own addresses and the blocklist are refused, even with auto-add on', () => {
    const on = { ...settings, autoAddParticipants: true };
    expect(decide({ excluded: 'own-address', settings: on })).toMatchObject({ action: 'refuse', reason: expect.stringMatching(/own addresses/) });
    expect(decide({ excluded: 'blocklist', settings: on, email: 'carol@acme.test' })).toMatchObject({ action: 'refuse', reason: expect.stringMatching(/blocklist/) });
  });

  it('new tickets: refused for own addresses, the blocklist and DMARC fails only', () => {
    expect(decideInboundNewTicket({ excluded: false, dmarcFailed: false })).toEqual({ ok: true });
    // The reason is what Admin → Inbound shows for the refused message.
    expect(decideInboundNewTicket({ excluded: 'own-address', dmarcFailed: false })).toMatchObject({ ok: false, reason: expect.stringMatching(/Parley’s own addresses/) });
    expect(decideInboundNewTicket({ excluded: 'blocklist', dmarcFailed: false })).toMatchObject({ ok: false, reason: expect.stringMatching(/blocklist/) });
    expect(decideInboundNewTicket({ excluded: false, dmarcFailed: true })).toMatchObject({ ok: false, reason: expect.stringMatching(/^DMARC failed/) });
  });
});

const exclusions: Exclusions = { ownAddresses: ['support@localhost', 'Desk@Team.test'], ownDomains: ['in.test'], blocklist: ['spam.test', 'bad@ok.test'] };

describe('who inbound mail may add', () => {
  it('excludes Parley’s own addresses, the inbound domain and the blocklist (domains include subdomains)', () => {
    expect(exclusionOf('SUPPORT@localhost', exclusions)).toBe('own-address');
    expect(exclusionOf('desk@team.test', exclusions)).toBe('own-address');
    expect(exclusionOf('anything@in.test', exclusions)).toBe('own-address');
    expect(exclusionOf('x@spam.test', exclusions)).toBe('blocklist');
    expect(exclusionOf('x@mail.spam.test', exclusions)).toBe('blocklist');
    expect(exclusionOf('x@notspam.test', exclusions)).toBe(false);
    expect(exclusionOf('bad@ok.test', exclusions)).toBe('blocklist');
    expect(exclusionOf('good@ok.test', exclusions)).toBe(false);
  });

  it('without an inbound domain or a blocklist only the own addresses are excluded; every own domain counts', () => {
    const bare: Exclusions = { ownAddresses: ['support@localhost'], ownDomains: [], blocklist: [] };
    expect(exclusionOf('carol@acme.test', bare)).toBe(false);
    expect(exclusionOf('support@localhost', bare)).toBe('own-address');
    const two: Exclusions = { ownAddresses: [], ownDomains: ['in.test', 'In.Other.test'], blocklist: [] };
    expect(exclusionOf('reply+x@in.test', two)).toBe('own-address');
    expect(exclusionOf('support@in.other.test', two)).toBe('own-address');
    expect(exclusionOf('carol@acme.test', two)).toBe(false);
  });

  it('lists the To/Cc people once, never the sender, the customer, people already on, or excluded addresses', () => {
    const people = copiedPeople({
      toCc: [
        { email: 'support@in.test', name: 'Support' },
        { email: 'carol@acme.test', name: 'Carol' },
        { email: 'dave@acme.test', name: 'Dave' },
        { email: 'DAVE@acme.test', name: 'Dave again' },
        { email: 'guest@else.test', name: '' },
        { email: 'x@spam.test', name: '' },
        { email: 'sender@acme.test', name: '' },
        { email: 'erin@globex.test', name: '' },
      ],
      senderEmail: 'Sender@acme.test',
      customerEmail: 'carol@acme.test',
      participantEmails: ['guest@else.test'],
      removedEmails: ['Gone@else.test'],
      exclusions,
    });
    expect(people).toEqual([
      { email: 'dave@acme.test', name: 'Dave', removed: false },
      { email: 'erin@globex.test', name: '', removed: false },
    ]);
  });

  it('marks someone removed from the ticket (mail never adds them back)', () => {
    const toCc = [{ email: 'GONE@else.test', name: '' }, { email: 'p0@cc.test', name: '' }, { email: 'p0@cc.test', name: '' }];
    const people = copiedPeople({ toCc, senderEmail: 's@acme.test', customerEmail: 'carol@acme.test', participantEmails: [], removedEmails: ['gone@else.test'], exclusions });
    expect(people).toEqual([
      { email: 'gone@else.test', name: '', removed: true },
      { email: 'p0@cc.test', name: '', removed: false },
    ]);
  });

  it('stops notifying past ten messages', () => {
    expect(isFlooding(FLOOD_LIMIT)).toBe(false);
    expect(isFlooding(FLOOD_LIMIT + 1)).toBe(true);
  });
});

describe('automatic mail', () => {
  const h = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), [v]]));

  it('recognizes auto-replies, bulk mail and bounces by their headers', () => {
    expect(classifyAutomatic(h({ 'Auto-Submitted': 'auto-replied' }), 'a@b.test')).toMatchObject({ kind: 'auto-reply' });
    expect(classifyAutomatic(h({ 'Auto-Submitted': 'auto-generated; owner-email="x@y"' }), 'a@b.test')).toMatchObject({ kind: 'auto-reply' });
    expect(classifyAutomatic(h({ 'Auto-Submitted': 'No' }), 'a@b.test')).toBeNull();
    for (const name of ['X-Autoreply', 'X-Autorespond', 'X-Auto-Response-Suppress']) {
      expect(classifyAutomatic(h({ [name]: 'yes' }), 'a@b.test')).toMatchObject({ kind: 'auto-reply', reason: expect.stringContaining(name) });
    }
    for (const value of ['bulk', 'junk', 'list', 'auto_reply', 'Bulk']) {
      expect(classifyAutomatic(h({ Precedence: value }), 'a@b.test')).toMatchObject({ kind: 'bulk' });
    }
    expect(classifyAutomatic(h({ Precedence: 'first-class' }), 'a@b.test')).toBeNull();
    expect(classifyAutomatic(h({ 'Return-Path': '<>' }), 'a@b.test')).toMatchObject({ kind: 'bounce' });
    expect(classifyAutomatic(h({ 'Return-Path': '<a@b.test>' }), 'a@b.test')).toBeNull();
    expect(classifyAutomatic({}, 'MAILER-DAEMON@mx.test')).toMatchObject({ kind: 'bounce' });
    expect(classifyAutomatic({}, 'postmaster@mx.test')).toMatchObject({ kind: 'bounce' });
    expect(classifyAutomatic(h({ 'Content-Type': 'multipart/report; report-type=delivery-status; boundary=x' }), 'a@b.test')).toMatchObject({ kind: 'bounce' });
    expect(classifyAutomatic(h({ 'Content-Type': 'text/plain' }), 'a@b.test')).toBeNull();
  });

  it('finds the Parley Message-ID a bounce quotes, and its diagnostic', () => {
    const id = 'outbox-12.7.0123456789abcdef0123@localhost';
    const report = `Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User\n   unknown\nMessage-ID: <${id}>\nReferences: <other@x.test>`;
    expect(referencedParleyIds(report)).toEqual([id]);
    expect(bounceDiagnostic(report)).toBe('Bounced: smtp; 550 5.1.1 User unknown');
    expect(bounceDiagnostic('Status: 5.2.2')).toBe('Bounced: status 5.2.2');
  });
});

describe('DMARC from the team’s own receiving server only', () => {
  const verdict = (headers: string[], id = 'mx.team.test', domain = 'acme.test') => dmarcVerdict(headers, id, domain);

  it('trusts only the headers carrying the configured authserv-id', () => {
    const ours = 'mx.team.test; spf=pass smtp.mailfrom=acme.test; dmarc=fail (p=reject) header.from=acme.test';
    const forged = 'mx.team.test; dmarc=pass header.from=acme.test';
    expect(verdict([ours])).toBe('fail');
    expect(verdict([ours], 'MX.Team.test')).toBe('fail');
    expect(verdict([forged])).toBe('pass');
    expect(verdict(['other.mx; dmarc=fail'])).toBe('none');
    expect(verdict(['other.mx; dmarc=pass header.from=acme.test'])).toBe('none');
    expect(verdict([ours], '')).toBe('none');
    expect(verdict([forged], '')).toBe('none');
    expect(verdict(['mx.team.test 1; dmarc=fail'])).toBe('fail');
  });

  it('reads every trusted header: any fail wins, wherever it is', () => {
    expect(verdict(['mx.team.test; dmarc=pass header.from=acme.test', 'mx.team.test; dmarc=fail header.from=acme.test'])).toBe('fail');
    expect(verdict(['mx.team.test; dkim=none', 'mx.team.test; dmarc=fail header.from=acme.test'])).toBe('fail');
    expect(verdict(['mx.team.test; dkim=none', 'mx.team.test; dmarc=pass header.from=acme.test'])).toBe('pass');
    expect(verdict(['mx.team.test; dmarc=pass header.from=acme.test; dmarc=fail header.from=acme.test'])).toBe('fail');
  });

  it('ignores comments, nested or holding a result of their own', () => {
    expect(verdict(['mx.team.test; spf=pass (; dmarc=pass header.from=acme.test); dmarc=fail header.from=acme.test'])).toBe('fail');
    expect(verdict(['mx.team.test (comment (nested; dmarc=fail)) ; dmarc=pass (p=none \\) dis=none) header.from=acme.test'])).toBe('pass');
    expect(verdict(['mx.team.test; spf=pass (; dmarc=pass header.from=acme.test)'])).toBe('none');
    expect(verdict(['mx.team.test; dmarc=pass header.from=acme.test (a (b) ; dmarc=fail)'])).toBe('pass');
    expect(verdict(['mx.team.test; dmarc=pass header.from=acme.test (x \\) ; dmarc=fail)'])).toBe('pass');
    // A comment or a quoted pair keeps the words around it apart.
    expect(verdict(['mx.team.test; dmarc=pass(comment)header.from=acme.test'])).toBe('pass');
    expect(verdict(['mx.team.test; dmarc=pass\\ header.from=acme.test'])).toBe('pass');
  });

  it('a pass counts only for the From domain it was about', () => {
    expect(verdict(['mx.team.test; dmarc=pass header.from=evil.test'])).toBe('none');
    expect(verdict(['mx.team.test; dmarc=pass header.from="ACME.test"'])).toBe('pass');
    expect(verdict(['mx.team.test; dmarc=pass header.from = acme.test'])).toBe('pass');
    expect(verdict(['mx.team.test; dmarc=pass header.from=acme.test'], 'mx.team.test', 'ACME.TEST')).toBe('pass');
    expect(verdict(['mx.team.test; dmarc=pass'])).toBe('none');
    expect(verdict(['mx.team.test; dmarc=pass policy.header.from=acme.test'])).toBe('none');
    expect(verdict(['mx.team.test; dmarc=none header.from=acme.test'])).toBe('none');
  });

  it('reads the header however it is spaced, and an id of ours without a DMARC result is no verdict', () => {
    expect(verdict(['  mx.team.test;dmarc=fail'])).toBe('fail');
    expect(verdict(['mx.team.test; spf=pass;  dmarc = FAIL header.from=acme.test'])).toBe('fail');
    expect(verdict(['mx.team.test; dmarc=fail'], '  mx.team.test  ')).toBe('fail');
    expect(verdict(['mx.team.test; spf=fail smtp.mailfrom=acme.test'])).toBe('none');
    expect(verdict(['mx.team.test; dkim=pass header.d=dmarc.test'])).toBe('none');
    expect(verdict(['mx.team.test; dkim=fail header.from=acme.test; x=1 dmarc=pass header.from=acme.test'])).toBe('none');
  });

  it('trusts nothing when no authserv-id is configured, even a header whose id is empty too', () => {
    expect(verdict(['; dmarc=fail'], '')).toBe('none');
    expect(verdict(['; dmarc=fail'], '   ')).toBe('none');
  });
});
