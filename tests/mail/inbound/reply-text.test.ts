import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseInboundMessage } from '@/lib/mail/inbound/parse';

// The reply corpus (tests/fixtures/replies): one reply per mail client and language, each `<name>.eml` (a whole
// message) or `<name>.txt` / `<name>.html` (the body as the client sends it), with `<name>.expected.txt` holding
// the text Parley should store. Every file goes through the real parse path.

const folder = path.join(__dirname, '..', '..', 'fixtures', 'replies');
const fixtures = fs
  .readdirSync(folder)
  .filter((file) => /\.(eml|txt|html)$/.test(file) && !file.endsWith('.expected.txt'))
  .sort();

/** A body as a client sends it, wrapped in the headers of a plain one-part message. */
function messageOf(file: string): Buffer {
  const content = fs.readFileSync(path.join(folder, file));
  if (file.endsWith('.eml')) return content;
  const type = file.endsWith('.html') ? 'text/html' : 'text/plain';
  const head = [
    'From: Mark Miller <mark@example.org>',
    'To: Support Team <support@example.com>',
    `Subject: Re: corpus ${file}`,
    `Message-ID: <${file}@corpus.test>`,
    'MIME-Version: 1.0',
    `Content-Type: ${type}; charset="utf-8"`,
    'Content-Transfer-Encoding: 8bit',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`), content]);
}

const tidy = (text: string) => text.replace(/[ \t\u00a0]+$/gm, '').trim();

const passed: string[] = [];

describe('reply corpus', () => {
  it('has a fixture per client and language, each with its expected text', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
    for (const file of fixtures) expect(fs.existsSync(path.join(folder, file.replace(/\.(eml|txt|html)$/, '.expected.txt'))), file).toBe(true);
  });

  it.each(fixtures)('%s', async (file) => {
    const expected = fs.readFileSync(path.join(folder, file.replace(/\.(eml|txt|html)$/, '.expected.txt')), 'utf8');
    const facts = await parseInboundMessage(messageOf(file));
    expect(tidy(facts.newText)).toBe(tidy(expected));
    passed.push(file);
  });

  afterAll(() => {
    console.log(`reply corpus: ${passed.length}/${fixtures.length} stored exactly as expected`);
  });
});
