import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/auth';
import { admin } from './support/env';

const unique = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;

async function setParticipantsEnabled(page: Page, enabled: boolean) {
  await page.goto('/admin/settings/tickets');
  await page.getByLabel('Enable participants').setChecked(enabled);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
}

async function createCustomer(page: Page, name: string, email: string) {
  await page.goto('/customers');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'created' })).toBeVisible();
}

async function createTicket(page: Page, email: string, subject: string) {
  await page.goto('/tickets/new');
  await page.getByLabel('Customer email').fill(email);
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('Message').fill('We need a few more people on this.');
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
  return page.url();
}

test('an agent adds a guest by email and a customer found by search, sees errors, removes one, and it is all in History', async ({ page }) => {
  const id = unique();
  const owner = `owner-${id}@example.com`;
  const guest = `guest-${id}@elsewhere.test`;
  const casey = { name: `Casey Colleague ${id}`, email: `casey-${id}@example.com` };
  const cousin = { name: `Cody Cousin ${id}`, email: `cody-${id}@example.com` };
  const subject = `Many hands ${id}`;
  await signIn(page);
  await setParticipantsEnabled(page, true);
  await createCustomer(page, casey.name, casey.email);
  await createCustomer(page, cousin.name, cousin.email);
  await createCustomer(page, 'Owen Owner', owner);
  const ticketUrl = await createTicket(page, owner, subject);

  const toggle = page.getByRole('button', { name: 'View participants' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByLabel('Add participant')).toBeHidden();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByText('No participants yet.')).toBeVisible();

  // A guest by email: no customer record needed.
  await page.getByLabel('Add participant').fill(guest);
  await page.getByLabel('Name', { exact: true }).fill('Gus Guest');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `${guest} was added as a participant.` })).toBeVisible();
  const participantList = page.getByRole('list', { name: 'Participants' });
  const guestItem = participantList.getByRole('listitem').filter({ hasText: guest });
  await expect(guestItem.getByText('Gus Guest')).toBeVisible();
  // One role per person: Participant, never "Guest".
  await expect(guestItem.getByText('Participant', { exact: true })).toBeVisible();
  await expect(guestItem).toContainText(`Added by ${admin.name} on`);
  await expect(page.getByLabel(`Link for ${guest}`)).toHaveValue(/\/t\/\S+$/);
  await expect(page.getByLabel('Add participant')).toHaveValue('');

  // An existing customer, chosen from the suggestions while typing.
  await page.getByLabel('Add participant').fill(`Casey Colleague ${id}`);
  const option = page.getByRole('option', { name: new RegExp(casey.email) });
  await expect(page.getByRole('listbox', { name: 'Matching customers' })).toBeVisible();
  await option.click();
  await expect(page.getByLabel('Add participant')).toHaveValue(casey.email);
  await expect(page.getByLabel('Name', { exact: true })).toBeDisabled();
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `${casey.email} was added as a participant.` })).toBeVisible();
  const caseyItem = participantList.getByRole('listitem').filter({ hasText: casey.email });
  await expect(caseyItem.getByText(casey.name)).toBeVisible();
  // A participant who also has a customer record is a Participant on this ticket (one role per person).
  await expect(caseyItem.getByText('Participant', { exact: true })).toBeVisible();
  await expect(page.getByLabel(`Link for ${casey.email}`)).toHaveValue(/\/t\/\S+$/);
  await expect(toggle).toContainText('2');

  // Suggestions leave out people already on the ticket (its customer, its participants); the keyboard picks one.
  const input = page.getByLabel('Add participant');
  await input.fill(id);
  const cousinOption = page.getByRole('option', { name: new RegExp(cousin.email) });
  await expect(cousinOption).toBeVisible();
  await expect(option).toHaveCount(0);
  await expect(page.getByRole('option', { name: new RegExp(owner) })).toHaveCount(0);
  await input.press('ArrowDown');
  await expect(cousinOption).toHaveAttribute('aria-selected', 'true');
  await input.press('Enter');
  await expect(input).toHaveValue(cousin.email);

  // Typed anyway, someone already on the ticket is a duplicate.
  await input.fill(casey.email);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: `${casey.email} is already a participant of this ticket.` })).toBeVisible();

  // A guest typed again (any case) is a duplicate too; the ticket's customer and a non-address are refused.
  await input.fill(guest.toUpperCase());
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: `${guest} is already a participant of this ticket.` })).toBeVisible();
  await input.fill(owner);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(input).toHaveAccessibleDescription(new RegExp(`${owner} is this ticket’s customer`));
  await input.fill('not-an-address');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(input).toHaveAccessibleDescription(/Add participant must be a valid email address\.$/);
  await expect(participantList.getByRole('listitem')).toHaveCount(2);

  // Remove the guest.
  await page.getByRole('button', { name: `Remove ${guest}` }).click();
  await page.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(guestItem).toHaveCount(0);
  await expect(caseyItem).toBeVisible();
  await expect(toggle).toContainText('1');

  const history = page.getByRole('list', { name: 'History' });
  await expect(history).toContainText(`${admin.name} added participant ${guest}`);
  await expect(history).toContainText(`${admin.name} added participant ${casey.email}`);
  await expect(history).toContainText(`${admin.name} removed participant ${guest}`);

  // The ticket list shows how many take part.
  await page.goto(`/tickets?q=${encodeURIComponent(subject)}`);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: subject }) });
  await expect(row.getByText('1 participant', { exact: true })).toBeVisible();

  // With participants turned off, none of it shows; the list stays on the ticket for when they return.
  await setParticipantsEnabled(page, false);
  await page.goto(ticketUrl);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
  await expect(page.getByRole('button', { name: 'View participants' })).toHaveCount(0);
  await expect(page.getByLabel('Add participant')).toHaveCount(0);
  await page.goto(`/tickets?q=${encodeURIComponent(subject)}`);
  await expect(page.getByRole('columnheader', { name: 'Participants' })).toHaveCount(0);

  await setParticipantsEnabled(page, true);
  await page.goto(ticketUrl);
  await page.getByRole('button', { name: 'View participants' }).click();
  await expect(page.getByLabel(`Link for ${casey.email}`)).toBeVisible();
  await setParticipantsEnabled(page, false);
});

test('customer search for the participant picker needs a signed-in agent', async ({ request }) => {
  const response = await request.get('/api/internal/customers/search?q=a');
  expect(response.status()).toBe(401);
  expect((await response.json()).error.code).toBe('unauthorized');
});
