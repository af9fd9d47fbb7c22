import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldSentence, formErrorState, refusalAsError, validatedAction } from '@/lib/web/actions';
import { AppError, validationError } from '@/lib/core/errors';

const reply = { label: 'Reply', missing: 'Write a reply.' };

describe('fieldSentence', () => {
  it('asks for an empty field in the form’s own words, or says it is required', () => {
    expect(fieldSentence(reply, 'is required')).toBe('Write a reply.');
    expect(fieldSentence({ label: 'Name' }, 'is required')).toBe('Name is required.');
  });

  it('puts the visible label in front of a domain problem', () => {
    expect(fieldSentence({ label: 'Email' }, 'must be a valid email address')).toBe('Email must be a valid email address.');
    expect(fieldSentence({ label: 'Ticket number prefix' }, 'must not contain spaces')).toBe('Ticket number prefix must not contain spaces.');
  });

  it('rewords zod’s own limit messages and keeps sentences as they are', () => {
    expect(fieldSentence({ label: 'Name' }, 'Too big: expected string to have <=120 characters')).toBe('Name must be at most 120 characters.');
    expect(fieldSentence({ label: 'Subject' }, 'Unknown tag {x}. Available tags: {name}.')).toBe('Unknown tag {x}. Available tags: {name}.');
    expect(fieldSentence({ label: 'Role' }, 'Invalid option')).toBe('Role is not valid.');
  });
});

describe('formErrorState', () => {
  it('says each field problem once, next to its field, under the form’s name for it', () => {
    const error = validationError([
      { path: ['customer', 'email'], message: 'must be a valid email address' },
      { path: ['message'], message: 'is required' },
    ]);
    const state = formErrorState(error, {
      'customer.email': { name: 'email', label: 'Email' },
      message: { label: 'Message', missing: 'Write your message.' },
    });
    expect(state).toEqual({ fields: { email: 'Email must be a valid email address.', message: 'Write your message.' } });
  });

  it('keeps a rule’s own sentence for the field it names', () => {
    const error = new AppError('validation_failed', 'ann@example.com is this ticket’s customer and already has access.', { email: 'is the ticket’s customer' });
    expect(formErrorState(error, { email: { label: 'Add participant' } })).toEqual({
      fields: { email: 'ann@example.com is this ticket’s customer and already has access.' },
    });
  });

  it('says problems of fields the form does not show above it, and errors without fields as they are', () => {
    const error = validationError([{ path: ['ticketId'], message: 'must be a whole number' }]);
    expect(formErrorState(error, { message: reply })).toEqual({ error: 'Ticket id must be a whole number.' });
    expect(formErrorState(new AppError('conflict', 'Already a participant.'), { message: reply })).toEqual({ error: 'Already a participant.' });
  });
});

describe('validatedAction', () => {
  it('turns the schema’s problems into sentences about the labelled fields', async () => {
    const action = validatedAction(z.object({ message: z.string().trim().min(1, 'is required') }), () => ({ ok: true }), { message: reply });
    const form = new FormData();
    form.set('message', '  ');
    expect(await action({}, form)).toEqual({ fields: { message: 'Write a reply.' } });
    form.set('message', 'Hello');
    expect(await action({}, form)).toEqual({ ok: true });
  });
});

describe('refusalAsError', () => {
  it('answers refusals and bad arguments as { error } instead of throwing (a thrown error is a 500)', async () => {
    expect(await refusalAsError(() => 42)).toBe(42);
    expect(await refusalAsError(() => { throw new AppError('not_found', 'Ticket not found.'); })).toEqual({ error: 'Ticket not found.' });
    expect(await refusalAsError(() => z.number().parse('x'))).toEqual({ error: expect.any(String) });
    await expect(refusalAsError(() => { throw new Error('disk on fire'); })).rejects.toThrow('disk on fire');
  });
});
