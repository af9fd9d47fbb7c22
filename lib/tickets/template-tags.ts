// Template tags: `{name}` placeholders that admins use in email subjects and bodies.
// Rendering is plain text in, plain text out; the HTML version escapes the result where it is rendered.

export const templateTags = [
  'ticket_url',
  'ticket_id',
  'ticket_title',
  'ticket_status',
  'ticket_content',
  'reply_content',
  'reply_author',
  'name',
  'company',
  'sitename',
  'date',
] as const;

export type TemplateTag = (typeof templateTags)[number];
export type TagValues = Record<TemplateTag, string>;

export const tagDescriptions: Record<TemplateTag, string> = {
  ticket_url: 'the recipient’s own link to the ticket',
  ticket_id: 'the ticket number, e.g. PAR-1001',
  ticket_title: 'the ticket’s subject',
  ticket_status: 'the ticket’s status',
  ticket_content: 'the ticket’s first message',
  reply_content: 'the reply this message is about',
  reply_author: 'who wrote that reply',
  name: 'the recipient’s name',
  company: 'the company of the ticket’s customer',
  sitename: 'the helpdesk’s name (Settings → General)',
  date: 'when it happened',
};

// A tag is a word in braces; anything else in braces (JSON, a lone brace) is left alone.
const TAG_PATTERN = /\{([A-Za-z0-9_]+)\}/g;

const isTemplateTag = (name: string): name is TemplateTag => (templateTags as readonly string[]).includes(name);

/** Tags used in `text` that are not `allowed` (every tag, unless a use offers fewer), each named once, in order. */
export function findUnknownTags(text: string, allowed: readonly TemplateTag[] = templateTags): string[] {
  const unknown: string[] = [];
  for (const [, name] of text.matchAll(TAG_PATTERN)) {
    if (!(allowed as readonly string[]).includes(name) && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

/** Replaces every known tag with its value; callers validate with findUnknownTags first, so unknown ones stay as typed. */
export function renderTags(text: string, values: TagValues): string {
  return text.replace(TAG_PATTERN, (whole, name: string) => (isTemplateTag(name) ? values[name] : whole));
}

export function unknownTagMessage(unknown: string[], allowed: readonly TemplateTag[] = templateTags): string {
  const list = unknown.map((name) => `{${name}}`).join(', ');
  return `Unknown tag${unknown.length > 1 ? 's' : ''} ${list}. Available tags: ${allowed.map((t) => `{${t}}`).join(', ')}.`;
}
