import { expect, test } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';
import { admin } from './support/env';
import { linkIn, waitForEmail } from './support/mail';

// Issue 23: satisfaction per person. Closing a ticket emails the customer and the participant "How did we do?";
// each rates through their own email's link (the GET page only preselects, the POST records), and the ticket shows both.

const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
let api: ReturnType<typeof adminApi>;

test.beforeAll(async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  api = adminApi(request, createAdminToken(`ratings ${stamp}`));
  await api.updateSettings({ participantsEnabled: true, askForRating: true, ratingAsksParticipants: true });
});

// The shared server's other specs expect the default: no rating questions in their closing emails.
test.afterAll(async () => {
  await api.updateSettings({ askForRating: false, ratingAsksParticipants: false });
});

test('closing a ticket with a participant: both rate through their emails’ links and the ticket shows both', async ({ page, browser, request }) => {
  const customer = { email: `pat-${stamp}@example.com`, name: 'Pat Customer' };
  const participant = { email: `dan-${stamp}@guests.test`, name: 'Dan Participant' };
  const subject = `Rate us ${stamp}`;
  const ticket = await api.createTicket({ subject, message: 'The export button does nothing.', customer });
  await api.addParticipant(ticket.id, participant);

  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);
  // Applied on change.
  await page.getByLabel('Status').selectOption('closed');
  await expect(page.getByRole('status').filter({ hasText: 'Status set to Closed.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Closed');

  const toCustomer = await waitForEmail(request, customer.email, 'Closed:');
  const toParticipant = await waitForEmail(request, participant.email, 'Closed:');
  expect(toCustomer.body.text).toContain('How did we do?');
  const customerGood = linkIn(toCustomer, `${ticket.customer.ticketUrl}/rate/`);
  expect(customerGood).toMatch(/\?rating=good$/);
  const participantBad = linkIn(toParticipant, 'Not good: ').replace(/^Not good: /, '');
  expect(participantBad).toMatch(/\/rate\/\d+\?rating=bad$/);

  // Each person in their own browser, as from their mail program.
  const customerContext = await browser.newContext();
  const customerPage = await customerContext.newPage();
  await customerPage.goto(customerGood);
  await expect(customerPage.getByRole('heading', { name: 'How did we do?' })).toBeVisible();
  await expect(customerPage.getByRole('radio', { name: 'Good', exact: true })).toBeChecked();
  // Opening the page recorded nothing (a mail scanner opening the link counts for nothing).
  expect((await api.getTicket(ticket.id)).ratings).toEqual([]);
  await customerPage.getByLabel('Comment (optional)').fill('quick and clear');
  await customerPage.getByRole('button', { name: 'Send my rating' }).click();
  await expect(customerPage.getByRole('status').filter({ hasText: 'Your rating (Good) was recorded' })).toBeVisible();

  const participantContext = await browser.newContext();
  const participantPage = await participantContext.newPage();
  await participantPage.goto(participantBad);
  await expect(participantPage.getByRole('radio', { name: 'Not good' })).toBeChecked();
  await participantPage.getByRole('button', { name: 'Send my rating' }).click();
  await expect(participantPage.getByRole('status').filter({ hasText: 'Your rating (Not good) was recorded' })).toBeVisible();
  // Back on the page, the answer is theirs to change.
  await participantPage.goto(participantBad.replace('rating=bad', 'rating=good'));
  await expect(participantPage.getByRole('button', { name: 'Change my rating' })).toBeVisible();
  await expect(participantPage.getByRole('radio', { name: 'Not good' })).toBeChecked();
  await customerContext.close();
  await participantContext.close();

  await page.reload();
  const ratings = page.getByRole('list', { name: 'Ratings' });
  await expect(ratings.getByRole('listitem')).toHaveCount(2);
  await expect(ratings.getByRole('listitem').filter({ hasText: `${customer.name} (customer)` })).toContainText('Good — “quick and clear”');
  await expect(ratings.getByRole('listitem').filter({ hasText: `${participant.name} (participant)` })).toContainText('Not good');

  const view = await api.getTicket(ticket.id);
  expect(view.ratings).toEqual([
    { by: { email: customer.email, kind: 'customer' }, rating: 'good', comment: 'quick and clear', at: expect.any(String) },
    { by: { email: participant.email, kind: 'participant' }, rating: 'bad', comment: '', at: expect.any(String) },
  ]);
  // The admin closed it, so the admin hears of the "Not good".
  await waitForEmail(request, admin.email, `Rated “Not good”: ${subject}`);
});
