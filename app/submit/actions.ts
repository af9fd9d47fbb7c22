'use server';

import { headers } from 'next/headers';
import { z } from 'zod';
import { validatedAction } from '@/lib/actions';
import { readUploadedFiles } from '@/lib/attachments/uploads';
import { AppError } from '@/lib/errors';
import { clientAddress, consumeRateLimit } from '@/lib/rate-limit';
import { createTicket } from '@/lib/tickets';

// The field rules live in lib/tickets.ts (newTicketSchema); the form only names what it sends.
const submitForm = z.object({
  name: z.string().default(''),
  email: z.string().default(''),
  subject: z.string().default(''),
  message: z.string().default(''),
});

// createTicket names fields by their place in the ticket input; the form's fields have their own names and labels.
const formFields: Record<string, { name: string; label: string }> = {
  'customer.name': { name: 'name', label: 'Name' },
  'customer.email': { name: 'email', label: 'Email' },
  subject: { name: 'subject', label: 'Subject' },
  message: { name: 'message', label: 'Message' },
};

export const submitTicketAction = validatedAction(submitForm, async ({ name, email, subject, message }, formData) => {
  consumeRateLimit('publicForm', clientAddress(await headers()));
  try {
    const ticket = createTicket(
      { subject, message, customer: { email, name: name.trim() || undefined } },
      { kind: 'public', source: 'web' },
      readUploadedFiles(formData, 'submit'),
    );
    return { ok: true, data: { number: ticket.displayNumber, email: ticket.customer.email } };
  } catch (error) {
    if (error instanceof AppError && error.fields?.files) return { error: `Your ticket was not sent. ${error.message}` };
    if (!(error instanceof AppError) || error.code !== 'validation_failed' || !error.fields) throw error;
    const fields: Record<string, string> = {};
    const problems: string[] = [];
    for (const [key, problem] of Object.entries(error.fields)) {
      const field = formFields[key] ?? { name: key, label: key };
      fields[field.name] = `${field.label} ${problem}.`;
      problems.push(fields[field.name]);
    }
    return { error: `Your ticket was not sent. ${problems.join(' ')}`, fields };
  }
});
