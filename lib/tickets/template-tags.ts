// Template tags: `{name}` placeholders that admins use in email subjects and bodies, and agents in saved replies.
// An optional part, `{company?Your company: {company}.}`, shows its text (tags filled) only when its tag has a value,
// so an empty tag takes its whole phrase away instead of leaving "Your company: .".
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
  'first_name',
  'agent_name',
  'agent_first_name',
  'company',
  'sitename',
  'date',
  'other_ticket_id',
  'added_by',
  'ticket_relation',
] as const;

export type TemplateTag = (typeof templateTags)[number];
export type TagValues = Record<TemplateTag, string>;

export const tagDescriptions: Record<TemplateTag, string> = {
  ticket_url: 'the recipient’s own link to the ticket',
  ticket_id: 'the ticket number, e.g. PAR-1001',
  ticket_title: 'the ticket’s subject',
  ticket_status: 'the ticket’s status',
  ticket_content: 'the ticket’s first message (the first one the recipient may see)',
  reply_content: 'the reply this message is about',
  reply_author: 'who wrote that reply',
  name: 'the recipient’s name',
  first_name: 'the recipient’s first name',
  agent_name: 'the agent who wrote the reply, else the ticket’s assignee',
  agent_first_name: 'that agent’s first name',
  company: 'the company of the ticket’s customer',
  sitename: 'the helpdesk’s name (Settings → General)',
  date: 'when it happened',
  other_ticket_id: 'in the “merged” and “split” emails: the other ticket’s number (the one merged, or the one split from)',
  added_by: 'who added the recipient to the ticket (“Pat Lee (customer)”, an agent’s name)',
  ticket_relation: '“your ticket” to the customer, “a ticket you take part in” to everyone else',
};

// A tag is a word in braces; anything else in braces (JSON, a lone brace) is left alone. An optional part is a tag
// name, `?`, and text that may hold tags but no other braces.
const TAG_PATTERN = /\{([A-Za-z0-9_]+)\}/g;
const OPTIONAL_PATTERN = /\{([A-Za-z0-9_]+)\?((?:[^{}]|\{[A-Za-z0-9_]+\})*)\}/g;

const isTemplateTag = (name: string): name is TemplateTag => (templateTags as readonly string[]).includes(name);

/** Tags used in `text` that are not `allowed` (every tag, unless a use offers fewer), each named once, in order. */
export function findUnknownTags(text: string, allowed: readonly TemplateTag[] = templateTags): string[] {
  const unknown: string[] = [];
  const used = [...text.matchAll(/\{([A-Za-z0-9_]+)[}?]/g)].map((match) => match[1]);
  for (const name of used) {
    if (!(allowed as readonly string[]).includes(name) && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

const fillTags = (text: string, values: TagValues) =>
  text.replace(TAG_PATTERN, (whole, name: string) => (isTemplateTag(name) ? values[name] : whole));

/**
 * Replaces every known tag with its value, and each optional part with its text (tags filled) or nothing when its
 * tag is empty; callers validate with findUnknownTags first, so unknown ones stay as typed. Values are inserted
 * literally: a value holding `{name}` is never read as a tag.
 */
export function renderTags(text: string, values: TagValues): string {
  return text
    .split(OPTIONAL_PATTERN)
    .map((part, i, parts) => {
      // split() with two groups gives [text, tag, body, text, tag, body, …].
      if (i % 3 === 0) return fillTags(part, values);
      if (i % 3 === 2) return '';
      if (!isTemplateTag(part)) return `{${part}?${parts[i + 1]}}`;
      return values[part].trim() ? fillTags(parts[i + 1], values) : '';
    })
    .join('');
}

/** The first word of a name ("Carol" of "Carol Chen"); the whole name when it is one word. */
export const firstNameOf = (name: string) => name.trim().split(/\s+/)[0] ?? '';

export function unknownTagMessage(unknown: string[], allowed: readonly TemplateTag[] = templateTags): string {
  const list = unknown.map((name) => `{${name}}`).join(', ');
  return `Unknown tag${unknown.length > 1 ? 's' : ''} ${list}. Available tags: ${allowed.map((t) => `{${t}}`).join(', ')}.`;
}
