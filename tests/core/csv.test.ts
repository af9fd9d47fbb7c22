import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvField, csvRecord, csvResponse, csvText } from '@/lib/core/csv';

describe('CSV fields (RFC 4180)', () => {
  it('quotes fields with commas, quotes or line breaks and doubles the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r\nlf')).toBe('"cr\r\nlf"');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('writes numbers, booleans and dates as themselves', () => {
    expect(csvField(42)).toBe('42');
    expect(csvField(-3.5)).toBe('-3.5');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField(new Date(Date.UTC(2026, 11, 4, 9, 30)))).toBe('2026-12-04T09:30:00.000Z');
  });

  it('neutralises formulas: text starting with = + - @ gets an apostrophe, then is quoted as needed', () => {
    expect(csvField('=HYPERLINK("http://evil.test","click")')).toBe(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
    expect(csvField('+1 555 0100')).toBe("'+1 555 0100");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField(' =not at the start')).toBe(' =not at the start');
  });

  it('ends every record with CRLF and starts a file with the BOM and the header', () => {
    expect(csvRecord(['a', 1, null])).toBe('a,1,\r\n');
    expect(csvText(['Name', 'Count'], [['x, y', 2]])).toBe(`${CSV_BOM}Name,Count\r\n"x, y",2\r\n`);
  });
});

describe('a streamed CSV response', () => {
  it('sends the BOM, the header and every batch as UTF-8, as a download', async () => {
    const response = csvResponse('tickets 2026/12.csv', ['Subject', 'Who'], [[['Grüße', 'Zoë']], [], [['=cmd', 'B']]]);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="tickets-2026-12.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(`${CSV_BOM}Subject,Who\r\nGrüße,Zoë\r\n'=cmd,B\r\n`);
  });
});
