'use server';

import { headers } from 'next/headers';
import { z } from 'zod';
import { validatedAction } from '@/lib/web/actions';
import { readUploadedFiles } from '@/lib/files/uploads';
import { clientAddress, consumeRateLimit } from '@/lib/auth/rate-limit';
import { createTicket } from '@/lib/tickets/tickets';

// The field rules live in lib/tickets/tickets.ts (newTicketSchema); the form only names what it sends.
const submitForm = z.object({
  name: z.string().default(''),
  email: z.string().default(''),
  subject: z.string().default(''),
  message: z.string().default(''),
});

export const submitTicketAction = validatedAction(
  submitForm,
  async ({ name, email, subject, message }, formData) => {
    consumeRateLimit('publicForm', clientAddress(await headers()));
    const ticket = createTicket(
      { subject, message, customer: { email, name: name.trim() || undefined } },
      { kind: 'public', source: 'web' },
      readUploadedFiles(formData, 'submit'),
    );
    return { ok: true, data: { number: ticket.displayNumber, email: ticket.customer.email } };
  },
  // createTicket names fields by their place in the ticket input; the form's fields have their own names.
  {
    'customer.name': { name: 'name', label: 'Name' },
    'customer.email': { name: 'email', label: 'Email', missing: 'Enter your email address, so we can send you a link to your ticket.' },
    subject: { label: 'Subject', missing: 'Enter a subject.' },
    message: { label: 'Message', missing: 'Write your message.' },
  },
);
