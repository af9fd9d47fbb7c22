// CSV as spreadsheet programs open it: RFC 4180 (fields with a comma, a quote or a line break are quoted, quotes
// doubled, CRLF between records, a header row first), UTF-8 with a byte-order mark so Excel reads accents right, and
// formula injection neutralised: a text cell starting with = + - or @ gets a leading apostrophe, so a subject such as
// `=HYPERLINK(...)` shows as text instead of running. Numbers are written as numbers (a negative one is not a formula).

export type CsvValue = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, neutralised and quoted as needed. Dates are ISO 8601 (UTC); null and undefined are empty. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, ended by CRLF. */
export const csvRecord = (values: readonly CsvValue[]): string => `${values.map(csvField).join(',')}\r\n`;

export const CSV_BOM = '\uFEFF';

/** A whole (small) table as text: BOM, header, records. */
export function csvText(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  let text = CSV_BOM + csvRecord(header);
  for (const row of rows) text += csvRecord(row);
  return text;
}

/** A file name safe in a Content-Disposition header: letters, digits, dots, dashes. */
const safeFilename = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '-');

/**
 * A streamed CSV download: the header row, then the records of each batch `batches` yields, pulled one batch at a time
 * as the client reads, so a long export never sits in memory whole.
 */
export function csvResponse(filename: string, header: readonly string[], batches: Iterable<readonly (readonly CsvValue[])[]>): Response {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.iterator]();
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(CSV_BOM + csvRecord(header)));
        return;
      }
      const next = iterator.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(next.value.map(csvRecord).join('')));
    },
    cancel() {
      iterator.return?.();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${safeFilename(filename)}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
