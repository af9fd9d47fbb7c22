import { describe, expect, it } from 'vitest';
import { samplePropsFor } from '@/emails/_layout/notification';
import { renderEmail } from '@/lib/mail/render';
import { findUnknownTags, firstNameOf, renderTags, templateTags, unknownTagMessage, type TagValues } from '@/lib/tickets/template-tags';
import { templateKeys } from '@/lib/core/outbox-queue';
import { sampleTagValues, templateDefinitions } from '@/lib/mail/templates';

const values: TagValues = { ...sampleTagValues, name: 'Dana', ticket_id: 'PAR-7', reply_content: 'See <b>this</b> & "that"' };

describe('renderTags', () => {
  it('fills every known tag, as often as it appears', () => {
    const all = templateTags.map((tag) => `{${tag}}`).join('|');
    expect(renderTags(all, values)).toBe(templateTags.map((tag) => values[tag]).join('|'));
    expect(renderTags('{name}, {name}!', values)).toBe('Dana, Dana!');
  });

  it('leaves text without tags, JSON-like braces and unknown tags as typed', () => {
    expect(renderTags('Plain text', values)).toBe('Plain text');
    expect(renderTags('{"a": 1} { name } {nope}', values)).toBe('{"a": 1} { name } {nope}');
  });

  it('inserts values literally, never re-reading a value as a tag', () => {
    expect(renderTags('{reply_content}', { ...values, reply_content: 'Literally {name}' })).toBe('Literally {name}');
  });
});

describe('optional parts', () => {
  it('show their text, tags filled, only when their tag has a value', () => {
    const template = 'Thanks{company? — {company} is in good hands}. {reply_author?{reply_author} wrote: }{reply_content}';
    expect(renderTags(template, { ...values, company: 'Acme' })).toBe('Thanks — Acme is in good hands. Dana from Support wrote: See <b>this</b> & "that"');
    expect(renderTags(template, { ...values, company: '', reply_author: '  ' })).toBe('Thanks. See <b>this</b> & "that"');
  });

  it('leave an unknown tag’s part, lone braces and JSON as typed, and never read a value as syntax', () => {
    expect(renderTags('{nope?text {name}}', values)).toBe('{nope?text {name}}');
    expect(renderTags('{"a": 1} {name?}', values)).toBe('{"a": 1} ');
    expect(renderTags('{company?{company}}', { ...values, company: '{name?x}' })).toBe('{name?x}');
  });

  it('count as uses of their tags', () => {
    expect(findUnknownTags('{nope?text} {company?{bad} and {name}}')).toEqual(['nope', 'bad']);
    expect(findUnknownTags('{company?Your company: {company}.}')).toEqual([]);
  });
});

describe('firstNameOf', () => {
  it('is the first word of a name', () => {
    expect(firstNameOf('  Carol   Chen ')).toBe('Carol');
    expect(firstNameOf('Madonna')).toBe('Madonna');
    expect(firstNameOf('')).toBe('');
  });
});

describe('findUnknownTags', () => {
  it('names each unknown tag once, in order, and accepts text with only known tags', () => {
    expect(findUnknownTags('Hi {name} {customer_name} {ticket_url} {foo} {customer_name}')).toEqual(['customer_name', 'foo']);
    expect(findUnknownTags('Hi {name}, see {ticket_url}. {"json": true}')).toEqual([]);
  });

  it('is case-sensitive: tags are lower-case', () => {
    expect(findUnknownTags('{Name}')).toEqual(['Name']);
  });

  it('explains the error by naming the unknown tags and listing the available ones', () => {
    const message = unknownTagMessage(['foo']);
    expect(message).toMatch(/^Unknown tag \{foo\}\. Available tags: \{ticket_url\}/);
    expect(unknownTagMessage(['a', 'b'])).toMatch(/^Unknown tags \{a\}, \{b\}\./);
  });
});

describe('built-in templates', () => {
  it('use only known tags', () => {
    for (const key of templateKeys) {
      expect(findUnknownTags(templateDefinitions[key].subject)).toEqual([]);
      expect(findUnknownTags(templateDefinitions[key].body)).toEqual([]);
    }
  });
});

describe('renderEmail', () => {
  it('escapes values in the HTML and keeps them as typed in the text', async () => {
    const body = renderTags('Hello {name}\n\n{reply_content}\n\n{ticket_url}', values);
    const { html, text } = await renderEmail('ticket_reply', {
      siteName: 'Parley <script>',
      subject: 'Re: <img src=x>',
      body,
      ticketUrl: 'https://help.example.com/t/abc',
      footer: 'Footer',
      unsubscribeUrl: 'https://help.example.com/unsubscribe/xyz',
    });
    expect(html).toContain('See &lt;b&gt;this&lt;/b&gt; &amp; &quot;that&quot;');
    expect(html).not.toContain('<b>this</b>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x>');
    expect(html).toContain('href="https://help.example.com/t/abc"');
    expect(html).toContain('href="https://help.example.com/unsubscribe/xyz"');
    expect(text).toContain('See <b>this</b> & "that"');
    expect(text).toContain('https://help.example.com/t/abc');
  });

  it('says in the text what the HTML says: every paragraph, file and link, for every template', async () => {
    for (const key of templateKeys) {
      for (const external of [true, false]) {
        const props = samplePropsFor(key, { external });
        const { html, text } = await renderEmail(key, props);
        for (const paragraph of props.body.split(/\n{2,}/)) expect(text, key).toContain(paragraph);
        for (const file of props.attachments ?? []) expect(text, key).toContain(`${file.filename} (${file.size}): ${file.url}`);
        const links = [...html.matchAll(/href="([^"]+)"/g)].map(([, href]) => href.replaceAll('&amp;', '&'));
        for (const link of links) expect(text, key).toContain(link);
        expect(text, key).toContain(props.footer);
        expect(text.startsWith('## Reply above this line ##'), key).toBe(props.replyAbove === true);
      }
    }
  });

  it('renders a message without a link and without an unsubscribe line', async () => {
    const { html, text } = await renderEmail('participant_removed', {
      siteName: 'Parley',
      subject: 'Removed',
      body: 'You were removed.',
      ticketUrl: null,
      footer: 'Footer',
      unsubscribeUrl: null,
    });
    expect(html).toContain('You were removed.');
    expect(text).not.toContain('http');
  });
});
