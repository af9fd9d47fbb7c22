import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { withUtf8Headers } from '@/lib/mail/inbound/header-charset';
import { parseInboundMessage } from '@/lib/mail/inbound/parse';

// Raw 8-bit header bytes without encoded words, as some clients still send them.

/** A message from header lines given as bytes, the body and its Content-Type. */
function message(headers: Buffer[], contentType: string | null, body = 'Hello.'): Buffer {
  const lines = [...headers, Buffer.from('To: support@example.com'), Buffer.from('Message-ID: <charset@x.test>')];
  if (contentType) lines.push(Buffer.from(`Content-Type: ${contentType}`));
  return Buffer.concat([...lines.flatMap((line) => [line, Buffer.from('\r\n')]), Buffer.from('\r\n'), Buffer.from(body)]);
}
const field = (name: string, value: string, charset: string) => Buffer.concat([Buffer.from(`${name}: `), iconv.encode(value, charset)]);

describe('undeclared 8-bit header bytes', () => {
  it('decode with the charset the message declares for its text (Latin-1)', async () => {
    const raw = message([field('From', 'François Léger <francois@example.fr>', 'latin1'), field('Subject', 'Re: Réservation confirmée', 'latin1')], 'text/plain; charset="ISO-8859-1"');
    const facts = await parseInboundMessage(raw);
    expect(facts.subject).toBe('Re: Réservation confirmée');
    expect(facts.from).toEqual({ email: 'francois@example.fr', name: 'François Léger' });
  });

  it('decode with the charset of the first text part of a multipart message (Big5)', async () => {
    const body = [
      '--b1',
      'Content-Type: text/plain; charset=big5',
      'Content-Transfer-Encoding: base64',
      '',
      iconv.encode('請查看附件。', 'big5').toString('base64'),
      '--b1--',
      '',
    ].join('\r\n');
    const raw = message([field('From', '陳小明 <chen@example.tw>', 'big5'), field('Subject', '測試郵件：發票', 'big5')], 'multipart/mixed; boundary="b1"', body);
    const facts = await parseInboundMessage(raw);
    expect(facts.subject).toBe('測試郵件：發票');
    expect(facts.from?.name).toBe('陳小明');
    expect(facts.newText).toBe('請查看附件。');
  });

  it('fall back to Windows-1252 when nothing (or only ASCII or UTF-8) is declared, and never become U+FFFD', async () => {
    for (const contentType of [null, 'text/plain; charset=us-ascii', 'text/plain; charset=utf-8']) {
      const subject = Buffer.concat([Buffer.from('Subject: '), Buffer.from([0x93, 0x51, 0x75, 0x6f, 0x74, 0x65, 0x94, 0x20, 0x80, 0x35, 0x20, 0x81])]);
      const facts = await parseInboundMessage(message([Buffer.from('From: a@example.com'), subject], contentType));
      expect(facts.subject).toBe('“Quote” €5 \u0081');
    }
  });

  it('a charset whose decoder rejects the bytes falls back to Windows-1252', async () => {
    const raw = message([Buffer.from('From: a@example.com'), Buffer.concat([Buffer.from('Subject: Caf'), Buffer.from([0xe9, 0xff])])], 'text/plain; charset=big5');
    expect((await parseInboundMessage(raw)).subject).not.toContain('\ufffd');
  });

  it('leaves UTF-8 headers, encoded words and the body untouched', async () => {
    const raw = message([Buffer.from('From: Zoë <zoe@example.com>'), Buffer.from('Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?= und Grüße')], 'text/plain; charset=iso-8859-1', 'Gr\xfc\xdfe');
    expect(withUtf8Headers(raw).equals(raw)).toBe(true);
    const facts = await parseInboundMessage(raw);
    expect([facts.from?.name, facts.subject]).toEqual(['Zoë', 'Grüße und Grüße']);
  });

  it('rewrites only the fields with such bytes, folded lines included, and keeps the body bytes as they were', () => {
    const body = Buffer.from([0x43, 0x61, 0x66, 0xe9]);
    const raw = message([Buffer.from('From: a@example.com'), Buffer.concat([Buffer.from('Subject: one\r\n two '), Buffer.from([0xe9])])], 'text/plain; charset=iso-8859-1', body.toString('latin1'));
    const out = withUtf8Headers(Buffer.concat([raw.subarray(0, raw.length - 4), body]));
    expect(out.toString('utf8')).toContain('Subject: one\r\n two é\r\nTo: support@example.com');
    expect(out.subarray(out.length - 4).equals(body)).toBe(true);
  });
});
