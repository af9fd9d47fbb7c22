import { describe, expect, it } from 'vitest';
import { samplePropsFor } from '@/emails/_layout/notification';
import { REPLY_ABOVE_MARKER } from '@/lib/mail/inbound/marker';
import { renderEmail } from '@/lib/mail/render';
import { sample } from '@/tests/support/inbound-samples';
import {
  canonicalHeaderBlock,
  capTextParts,
  fromProblemOf,
  messageIdsIn,
  normalizeMessageId,
  parseInboundMessage,
  peekHeaders,
  TEXT_PART_MAX_BYTES,
} from '@/lib/mail/inbound/parse';
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

describe('the From must be one plain ASCII address', () => {
  const one = (email: string) => [{ email, name: '' }];
  it('accepts a plain address, with or without a name or comment', () => {
    expect(fromProblemOf([' Carla <Customer@Acme.com>'], one('customer@acme.com'))).toBeNull();
    expect(fromProblemOf(['customer@acme.com (Carla)'], one('customer@acme.com'))).toBeNull();
    expect(fromProblemOf(['"Carla <customer@acme.com>" <evil2@x.test>'], one('evil2@x.test'))).toBeNull();
    expect(fromProblemOf(['support@localhost'], one('support@localhost'))).toBeNull();
  });

  it('refuses no From, two From headers, and a From that does not hold exactly one address', () => {
    expect(fromProblemOf([], [])).toBe('The message has no sender address (From).');
    expect(fromProblemOf(['a@x.test', 'b@x.test'], one('a@x.test'))).toBe('The message has more than one From header.');
    expect(fromProblemOf(['a@x.test, b@x.test'], [...one('a@x.test'), ...one('b@x.test')])).toBe('The From header does not hold exactly one address.');
    expect(fromProblemOf(['nobody'], [])).toBe('The From header does not hold exactly one address.');
  });

  it('refuses what the parser decoded into another address: encoded words, punycode, lookalikes, non-ASCII', () => {
    const plain = 'The From address is not a plain address (encoded, international or lookalike characters).';
    expect(fromProblemOf(['<=?utf-8?B?Y3VzdG9tZXJAYWNtZS5jb20=?=>'], one('customer@acme.com'))).toBe(plain);
    expect(fromProblemOf(['customer@=?utf-8?q?acme.com?='], one('customer@acme.com'))).toBe(plain);
    expect(fromProblemOf(['customer@xn--acme-.com'], one('customer@acme.com'))).toBe(plain);
    expect(fromProblemOf(['customer@mail.XN--acme-.com'], one('customer@mail.xn--acme-.com'))).toBe(plain);
    expect(fromProblemOf(['support@\u212Aank.com'], one('support@kank.com'))).toBe(plain);
    expect(fromProblemOf(['jürgen@acme.test'], one('jürgen@acme.test'))).toBe(plain);
    expect(fromProblemOf(['a@b.test'], one('c@b.test'))).toBe(plain);
  });

  it('the parser reads them so too', async () => {
    const parse = (from: string) => parseInboundMessage(Buffer.from(`From: ${from}\r\nSubject: x\r\n\r\nHi`));
    expect((await parse('Carla <customer@acme.com>')).fromProblem).toBeNull();
    expect((await parse('Carla <customer@xn--acme-.com>')).fromProblem).toMatch(/not a plain address/);
    expect((await parse('=?utf-8?B?Y3VzdG9tZXJAYWNtZS5jb20=?=')).fromProblem).toMatch(/not a plain address|exactly one/);
    expect((await parse('a@x.test, b@x.test')).fromProblem).toMatch(/exactly one/);
  });
});

describe('line breaks in the header block', () => {
  it('makes a bare CR or LF a header line break for the peek and the parser alike, and leaves the body alone', async () => {
    const raw = Buffer.from('From: evil@evil.test\rFrom: Carla <customer@acme.com>\nSubject: Hi\r\n\r\nBody\rwith\nbreaks');
    const canonical = canonicalHeaderBlock(raw);
    expect(canonical.toString('latin1')).toBe('From: evil@evil.test\r\nFrom: Carla <customer@acme.com>\r\nSubject: Hi\r\n\r\nBody\rwith\nbreaks');
    expect(peekHeaders(raw).fromEmail).toBe('evil@evil.test');
    const facts = await parseInboundMessage(raw);
    expect(facts.fromProblem).toBe('The message has more than one From header.');
    for (const end of ['\n\n', '\r\r', '\r\n\n', '\n\r\n']) {
      expect(canonicalHeaderBlock(Buffer.from(`From: a@x.test${end}Body`)).toString('latin1')).toBe('From: a@x.test\r\n\r\nBody');
    }
    const already = Buffer.from('From: a@x.test\r\n\r\nBody\n');
    expect(canonicalHeaderBlock(already)).toBe(already);
    const headersOnly = Buffer.from('From: a@x.test\r\nSubject: x');
    expect(canonicalHeaderBlock(headersOnly)).toBe(headersOnly);
    expect(canonicalHeaderBlock(Buffer.from('From: a@x.test\nSubject: x')).toString('latin1')).toBe('From: a@x.test\r\nSubject: x\r\n\r\n');
  });
});

describe('text parts are capped before the parser', () => {
  it('cuts the text and HTML parts to TEXT_PART_MAX_BYTES in all and leaves attachments whole', { timeout: 60_000 }, async () => {
    const big = 'x'.repeat(TEXT_PART_MAX_BYTES + 5000);
    const attachment = Buffer.alloc(TEXT_PART_MAX_BYTES + 5000, 'a').toString('base64');
    const raw = Buffer.from(
      [
        'From: a@x.test',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        big,
        '--b',
        'Content-Type: text/html',
        '',
        `<p>${big}</p>`,
        '--b',
        'Content-Type: text/plain; name="log.txt"',
        'Content-Disposition: attachment; filename="log.txt"',
        'Content-Transfer-Encoding: base64',
        '',
        attachment,
        '--b--',
        '',
      ].join('\r\n'),
    );
    const facts = await parseInboundMessage(raw);
    expect(facts.fullText.length).toBeLessThanOrEqual(TEXT_PART_MAX_BYTES);
    expect(facts.fullText.length).toBeGreaterThan(TEXT_PART_MAX_BYTES - 10);
    expect(facts.attachments.map((a) => [a.filename, a.content.length])).toEqual([['log.txt', TEXT_PART_MAX_BYTES + 5000]]);
    // A message with no Content-Type is text too.
    const bare = await capTextParts(Buffer.from(`From: a@x.test\r\n\r\n${big}`));
    expect(bare.length).toBeLessThan(TEXT_PART_MAX_BYTES + 100);
  });
});
