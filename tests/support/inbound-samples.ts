import fs from 'node:fs';
import path from 'node:path';

// Real-world shapes of replies (Gmail, Outlook desktop, Apple Mail, Outlook on the web with HTML only, a forward),
// with Parley's "reply above this line" notification quoted below them.
/** A sample from tests/fixtures/inbound with its {{PLACEHOLDERS}} filled; unfilled reference headers are dropped. */
export function sample(name: string, values: Record<string, string> = {}): Buffer {
  const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'inbound', name), 'utf8');
  const filled = text.replace(/\{\{([A-Z_]+)\}\}/g, (_, key: string) => values[key] ?? `<unset-${key.toLowerCase()}@nowhere.test>`);
  return Buffer.from(filled.replace(/^(References|In-Reply-To): <unset-[^>]+>\r\n/gm, ''));
}

