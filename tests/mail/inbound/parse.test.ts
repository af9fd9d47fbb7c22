import { describe, expect, it } from 'vitest';
import { samplePropsFor } from '@/emails/_layout/notification';
import { REPLY_ABOVE_MARKER } from '@/lib/mail/inbound/marker';
import { renderEmail } from '@/lib/mail/render';
import { sample } from '@/tests/support/inbound-samples';
import { messageIdsIn, normalizeMessageId, parseInboundMessage, peekHeaders } from '@/lib/mail/inbound/parse';
import { extractNewText } from '@/lib/mail/inbound/reply-text';

describe('quote and signature stripping on real samples', () => {
  it('Gmail: keeps the new text, drops the "On … wrote:" line and the quoted notification', async () => {
    const facts = await parseInboundMessage(sample('gmail-reply.eml'));
    expect(facts.newText).toBe('Thanks, that fixed it! The invoice from today shows the VAT number again.\n\nBob');
    expect(facts.fullText).toContain('Reply above this line');
  });

  it('Outlook: cuts at the marker and drops the From/Sent block and the sign-off above it', async () => {
    const facts = await parseInboundMessage(sample('outlook-reply.eml'));
    expect(facts.newText).toBe('Sure, I will send the corrected invoice tomorrow morning.');
  });

  it('Apple Mail: drops "Sent from my iPhone" and the quoted history', async () => {
    const facts = await parseInboundMessage(sample('apple-mail-reply.eml'));
    expect(facts.newText).toBe('Yes, please go ahead with the credit note.');
  });

  it('a reply in HTML only is converted to text and stripped', async () => {
    const facts = await parseInboundMessage(sample('html-only-reply.eml'));
    expect(facts.newText).toBe('The new invoice works now – thank you!');
  });

  it('a forwarded message keeps what it forwards', async () => {
    const facts = await parseInboundMessage(sample('forwarded.eml'));
    expect(facts.newText).toContain('Could you look at this? Our accountant cannot log in since Monday.');
    expect(facts.newText).toContain('---------- Forwarded message ---------');
    expect(facts.newText).toContain('the portal says "account locked" every time');
  });

  it('our notifications start with the marker, and a reply quoting one keeps only what was written above it', async () => {
    const { text } = await renderEmail('ticket_reply', samplePropsFor('ticket_reply'));
    expect(text.trimStart().startsWith(REPLY_ABOVE_MARKER)).toBe(true);
    // A client that quotes without ">" and without an attribution line: only the marker can find the cut.
    expect(extractNewText(`Great, thanks.\n\n${text}`)).toBe('Great, thanks.');
    expect(extractNewText(`Great, thanks.\n\nOn Tue, Parley wrote:\n${text.split('\n').map((l) => `> ${l}`).join('\n')}`)).toBe('Great, thanks.');
    expect((await renderEmail('ticket_reply', samplePropsFor('ticket_reply', { external: false }))).text).not.toContain(REPLY_ABOVE_MARKER);
  });

  it('leaves nothing, never the quote, when the message is only a quote', () => {
    expect(extractNewText('> only a quote\n> nothing new')).toBe('');
    expect(extractNewText('On Tue, Parley wrote:\n> ## Reply above this line ##\n> View your ticket: http://localhost:3000/t/1.c1.1.x')).toBe('');
  });

  it('keeps a line that merely contains the word "wrote" in the middle of the text', () => {
    expect(extractNewText('Alex wrote: the report is late\nPlease check.')).toBe('Alex wrote: the report is late\nPlease check.');
  });
});

describe('header facts', () => {
  it('reads sender, recipients (To, Cc, Delivered-To) and references, lower-cased without brackets', async () => {
    const facts = await parseInboundMessage(
      sample('gmail-reply.eml', { TOKEN: '12-c3-0123456789abcdef0123', IN_REPLY_TO: '<Outbox-1.12.AB@localhost>', REFERENCES: '<first@x.test> <Outbox-1.12.AB@localhost>' }),
    );
    expect(facts.from).toEqual({ email: 'bob.customer@gmail.test', name: 'Bob Customer' });
    expect(facts.recipients).toEqual(['reply+12-c3-0123456789abcdef0123@inbound.parley.test']);
    expect(facts.references).toEqual(['outbox-1.12.ab@localhost', 'first@x.test']);
    expect(facts.messageId).toBe('caj7xq0bq=zk3vd5th9@mail.gmail.test');
    expect(facts.subject).toBe('Re: [PAR-1001] Re: Invoices are missing the VAT number');
  });

  it('normalizes Message-IDs and finds every id in a References header', () => {
    expect(normalizeMessageId(' <ABC@Example.COM> ')).toBe('abc@example.com');
    expect(normalizeMessageId('<>')).toBeNull();
    expect(messageIdsIn('<a@x> <b@y>,<c@z>')).toEqual(['a@x', 'b@y', 'c@z']);
    expect(messageIdsIn('bare@id.test')).toEqual(['bare@id.test']);
    expect(messageIdsIn('two words')).toEqual([]);
  });

  it('peeks at Message-ID, sender and subject at intake without parsing the body', () => {
    expect(peekHeaders(sample('outlook-reply.eml'))).toEqual({
      messageId: 'db9pr10mb5123a0b1c2d3e4f5a6b7c8d9e0f1a2b3@db9pr10mb5123.eurprd10.prod.outlook.test',
      fromEmail: 'jane@contractor.test',
      subject: 'RE: [PAR-1001] You were added to: Invoices are missing the VAT number',
    });
  });
});
