import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { inboundAutoAnswers } from '@/db/schema';
import { getDb } from '@/lib/core/db';
import { AUTO_ANSWER_EVERY_MS, answerReferences, autoAnswerVerdict, claimAutoAnswer, isNoReplyAddress, type AutoAnswerInput } from '@/lib/mail/inbound/auto-answer';

// The rules of the one polite automatic answer to a refused sender (RFC 3834).

const person: AutoAnswerInput = { refusal: 'sender', fromEmail: 'gina@acme.test', headers: {}, excluded: false, dmarc: 'none' };
const verdict = (change: Partial<AutoAnswerInput>) => autoAnswerVerdict({ ...person, ...change });

describe('who gets the automatic answer', () => {
  it('a person refused as not on the ticket, removed from it, or writing to an old reply address', () => {
    expect(verdict({})).toEqual({ answer: true });
    expect(verdict({ refusal: 'removed' })).toEqual({ answer: true });
    expect(verdict({ refusal: 'stale' })).toEqual({ answer: true });
    expect(verdict({ dmarc: 'pass' })).toEqual({ answer: true });
    expect(verdict({ headers: { 'auto-submitted': ['no'] } })).toEqual({ answer: true });
  });

  it('never a sender without a plain address, Parley itself, a blocked sender, or mail that failed DMARC', () => {
    for (const refusal of ['from', 'excluded', 'dmarc'] as const) expect(verdict({ refusal }).answer).toBe(false);
    expect(verdict({ fromEmail: null }).answer).toBe(false);
    expect(verdict({ excluded: 'blocklist' })).toEqual({ answer: false, why: 'blocked sender' });
    expect(verdict({ excluded: 'own-address' }).answer).toBe(false);
    // Also when the refusal itself was for another reason (an old reply address checked before DMARC).
    expect(verdict({ refusal: 'stale', dmarc: 'fail' })).toEqual({ answer: false, why: 'DMARC failed' });
    expect(verdict({ refusal: 'stale', excluded: 'blocklist' }).answer).toBe(false);
  });

  it('never automatic mail: auto-replies, bulk, bounces, list mail', () => {
    const automatic: Record<string, string[]>[] = [
      { 'auto-submitted': ['auto-replied'] },
      { 'auto-submitted': ['auto-generated'] },
      { 'x-autoreply': ['yes'] },
      { 'x-autorespond': ['yes'] },
      { 'x-auto-response-suppress': ['All'] },
      { precedence: ['bulk'] },
      { precedence: ['junk'] },
      { precedence: ['list'] },
      { precedence: ['auto_reply'] },
      { 'return-path': ['<>'] },
      { 'content-type': ['multipart/report; report-type=delivery-status; boundary="x"'] },
      { 'list-id': ['<team.lists.acme.test>'] },
      { 'list-unsubscribe': ['<mailto:leave@lists.acme.test>'] },
      { 'list-post': ['<mailto:team@lists.acme.test>'] },
    ];
    for (const headers of automatic) expect(verdict({ headers }), JSON.stringify(headers)).toMatchObject({ answer: false });
    expect(verdict({ headers: { 'list-id': ['<x>'] } })).toEqual({ answer: false, why: 'list mail (list-id)' });
  });

  it('never an address nobody reads', () => {
    for (const address of [
      'noreply@acme.test',
      'no-reply@acme.test',
      'No_Reply@acme.test',
      'do-not-reply@acme.test',
      'donotreply@acme.test',
      'billing-noreply@acme.test',
      'noreply+bounce-7@acme.test',
      'mailer-daemon@acme.test',
      'postmaster@acme.test',
      'bounces+123@mail.acme.test',
      'team-request@lists.acme.test',
      'owner-team@lists.acme.test',
      'team-bounces@lists.acme.test',
    ]) {
      expect(isNoReplyAddress(address), address).toBe(true);
      expect(verdict({ fromEmail: address }).answer, address).toBe(false);
    }
    for (const address of ['gina@acme.test', 'noreen@acme.test', 'reply@acme.test', 'owner@acme.test', 'requests@acme.test']) {
      expect(isNoReplyAddress(address), address).toBe(false);
    }
  });
});

describe('at most once a day per address', () => {
  const claim = (email: string, at: number) => getDb().transaction((tx) => claimAutoAnswer(tx, email, new Date(at)));

  it('the first refusal of the day claims it; the next ones until 24 hours later do not', () => {
    const email = `daily-${Date.now()}@acme.test`;
    const start = Date.UTC(2026, 11, 4, 9, 0);
    expect(claim(email, start)).toBe(true);
    expect(claim(email, start)).toBe(false);
    expect(claim(email, start + AUTO_ANSWER_EVERY_MS - 1)).toBe(false);
    // Another address is its own.
    expect(claim(`other-${email}`, start + 1)).toBe(true);
    expect(claim(email, start + AUTO_ANSWER_EVERY_MS)).toBe(true);
    expect(getDb().select().from(inboundAutoAnswers).where(eq(inboundAutoAnswers.email, email)).get()?.answeredAt.getTime()).toBe(start + AUTO_ANSWER_EVERY_MS);
    expect(claim(email, start + AUTO_ANSWER_EVERY_MS + 60_000)).toBe(false);
  });
});

describe('threading', () => {
  it('References: the message’s own references oldest first, then its Message-ID; nothing that could break a header', () => {
    expect(answerReferences('c@x.test', ['b@x.test', 'a@x.test'])).toEqual(['a@x.test', 'b@x.test', 'c@x.test']);
    expect(answerReferences(null, ['a@x.test'])).toEqual(['a@x.test']);
    expect(answerReferences('c@x.test', ['bad id@x.test', 'no-at-sign', 'x>y@z.test', 'a@x.test'])).toEqual(['a@x.test', 'c@x.test']);
    const many = Array.from({ length: 15 }, (_, i) => `m${i}@x.test`).reverse();
    expect(answerReferences('last@x.test', many)).toHaveLength(10);
    expect(answerReferences('last@x.test', many).at(-1)).toBe('last@x.test');
  });
});
