import { beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '@/db/schema';
import { createSavedReply, deleteSavedReply, listSavedReplies, listSavedRepliesForTicket, updateSavedReply } from '@/lib/tickets/saved-replies';
import { updateTicket } from '@/lib/tickets/tickets';
import { appErrorFrom } from '@/tests/support/helpers';
import { newAgent, newTicket, setSettings, unique } from '@/tests/support/link-fixtures';

let admin: Agent;
let ann: Agent;
let bob: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
  ann = await newAgent('agent');
  bob = await newAgent('agent');
});

describe('saved replies', () => {
  it('are shared: every agent lists what anyone saved, sorted by title, and finds them by words in title or text', () => {
    const word = unique('zebra');
    createSavedReply({ agent: ann, input: { title: `b ${word} refund`, body: 'We refunded you.' } });
    createSavedReply({ agent: bob, input: { title: `A ${word} greeting`, body: 'Hello {name}, thanks for writing.' } });
    expect(listSavedReplies({ agent: bob, q: word }).map((r) => r.title)).toEqual([`A ${word} greeting`, `b ${word} refund`]);
    expect(listSavedReplies({ agent: admin, q: `${word} REFUNDED` }).map((r) => r.title)).toEqual([`b ${word} refund`]);
    expect(listSavedReplies({ agent: ann, q: `${word} nothing-like-this` })).toEqual([]);
  });

  it('refuse an empty title or text and tags they do not offer, naming the tag', async () => {
    const empty = await appErrorFrom(() => createSavedReply({ agent: ann, input: { title: ' ', body: '' } }));
    expect(empty.code).toBe('validation_failed');
    expect(Object.keys(empty.fields ?? {})).toEqual(['title', 'body']);
    // The customer's personal link must never be pasted into a reply that participants may receive.
    const link = await appErrorFrom(() => createSavedReply({ agent: ann, input: { title: 'Link', body: 'Open {ticket_url} or {nonsense}' } }));
    expect(link.fields?.body).toMatch(/^Unknown tags \{ticket_url\}, \{nonsense\}\. Available tags: \{name\}/);
  });

  it('may be changed or deleted by their author and by admins, not by other agents', async () => {
    const reply = createSavedReply({ agent: ann, input: { title: unique('Mine'), body: 'Text' } });
    expect((await appErrorFrom(() => updateSavedReply({ agent: bob, id: reply.id, input: { title: 'Taken', body: 'x' } }))).code).toBe('forbidden');
    expect((await appErrorFrom(() => deleteSavedReply({ agent: bob, id: reply.id }))).code).toBe('forbidden');
    expect(updateSavedReply({ agent: ann, id: reply.id, input: { title: 'Renamed', body: 'New text' } })).toMatchObject({ title: 'Renamed', updatedByAgentId: ann.id });
    expect(updateSavedReply({ agent: admin, id: reply.id, input: { title: 'Renamed', body: 'Admin text' } }).updatedByAgentId).toBe(admin.id);
    expect(listSavedReplies({ agent: bob }).find((r) => r.id === reply.id)?.canEdit).toBe(false);
    expect(listSavedReplies({ agent: admin }).find((r) => r.id === reply.id)?.canEdit).toBe(true);
    deleteSavedReply({ agent: admin, id: reply.id });
    expect((await appErrorFrom(() => deleteSavedReply({ agent: ann, id: reply.id }))).code).toBe('not_found');
  });

  it('are offered for a ticket with the tags filled for that ticket', () => {
    const ticket = newTicket({ name: 'Carla Client', company: 'Acme Filled' });
    const title = unique('Filled');
    createSavedReply({ agent: ann, input: { title, body: 'Hi {name} of {company}, about {ticket_id} “{ticket_title}” ({ticket_status}): {ticket_content}' } });
    const [offered] = listSavedRepliesForTicket({ agent: bob, ticketId: ticket.id, q: title });
    expect(offered.body).toBe(`Hi Carla Client of Acme Filled, about ${ticket.displayNumber} “${ticket.subject}” (New): First message`);
  });

  it('fill first names, the inserting agent’s name, and drop an optional part whose tag is empty', () => {
    const ticket = newTicket({ name: 'Carla Client', email: `${unique('solo')}@nocompany.test`, company: '' });
    const title = unique('Optional');
    createSavedReply({ agent: ann, input: { title, body: 'Hi {first_name},{company? your company {company} is noted.} — {agent_first_name} ({agent_name})' } });
    const [offered] = listSavedRepliesForTicket({ agent: bob, ticketId: ticket.id, q: title });
    expect(offered.body).toBe(`Hi Carla, — ${bob.name.split(' ')[0]} (${bob.name})`);
    const withCompany = newTicket({ name: 'Carla Client', company: 'Acme Optional' });
    expect(listSavedRepliesForTicket({ agent: bob, ticketId: withCompany.id, q: title })[0].body).toContain(', your company Acme Optional is noted.');
  });

  it('refuse an unknown tag in an optional part', async () => {
    const error = await appErrorFrom(() => createSavedReply({ agent: ann, input: { title: unique('Bad'), body: '{nope?Hello {name}}' } }));
    expect(error.message).toMatch(/Unknown tag \{nope\}/);
    const inner = await appErrorFrom(() => createSavedReply({ agent: ann, input: { title: unique('Bad'), body: '{name?Hello {ticket_url}}' } }));
    expect(inner.message).toMatch(/Unknown tag \{ticket_url\}/);
  });

  it('are offered only on tickets the agent may see', async () => {
    const ticket = newTicket();
    updateTicket({ ticketId: ticket.id, agent: admin, input: { assigneeId: ann.id } });
    setSettings({ restrictAgentsToAssigned: true });
    try {
      expect((await appErrorFrom(() => listSavedRepliesForTicket({ agent: bob, ticketId: ticket.id }))).code).toBe('forbidden');
    } finally {
      setSettings({ restrictAgentsToAssigned: false });
    }
  });
});
