import { expect, test, type Page } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';
import { runCli } from './support/cli';
import { admin } from './support/env';

const unique = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;

/** Creates a ticket through the New ticket form and returns its number (e.g. 1001) and prefix-formatted number. */
async function createTicket(page: Page, { email, name, subject, message }: { email: string; name: string; subject: string; message: string }) {
  await page.goto('/tickets');
  await page.getByRole('link', { name: 'New ticket' }).click();
  await page.getByLabel('Customer email').fill(email);
  await page.getByLabel('Customer name').fill(name);
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('Message').fill(message);
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page).toHaveURL(/\/tickets\/\d+$/);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toContainText(subject);
  const displayNumber = /PAR-\d+/.exec((await heading.textContent()) ?? '')?.[0];
  expect(displayNumber).toBeTruthy();
  return { url: page.url(), displayNumber: displayNumber!, number: displayNumber!.replace('PAR-', '') };
}

async function setSetting(page: Page, label: string, checked: boolean) {
  await page.goto('/admin/settings/tickets');
  await page.getByLabel(label).setChecked(checked);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
}

async function search(page: Page, params: { status?: string; assignee?: string; q?: string }) {
  await page.goto('/tickets');
  if (params.status) await page.getByLabel('Status').selectOption(params.status);
  if (params.assignee) await page.getByLabel('Assignee').selectOption(params.assignee);
  // Filters apply on change; Enter in the search box applies the words at once.
  if (params.q !== undefined) await page.getByLabel('Search tickets').fill(params.q);
  if (params.q !== undefined) await page.getByLabel('Search tickets').press('Enter');
  await expect(page).toHaveURL(/\/tickets\?/);
}

test('an admin creates a customer and a ticket, replies, adds a private note, changes status and assignee', async ({ page }) => {
  const id = unique();
  const email = `dana-${id}@example.com`;
  const subject = `Printer on fire ${id}`;
  await signIn(page);

  await page.goto('/customers');
  await page.getByLabel('Name', { exact: true }).fill(`Dana ${id}`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'created' })).toBeVisible();

  await createTicket(page, { email, name: 'ignored for an existing customer', subject, message: 'It started smoking.\nThen flames.' });
  const customerPanel = page.getByRole('region', { name: 'Customer' });
  await expect(customerPanel.getByRole('link', { name: `Dana ${id}` })).toBeVisible();
  await expect(customerPanel.getByText(email)).toBeVisible();
  await expect(page.getByLabel('Customer link')).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/t\/\S+$/);
  // The first message is the customer's, with its line break kept.
  const first = page.getByRole('article').filter({ hasText: 'It started smoking.' });
  await expect(first.getByText(`Dana ${id}`, { exact: true })).toBeVisible();
  await expect(first.getByText('Customer', { exact: true })).toBeVisible();
  await expect(first).toContainText('It started smoking.\nThen flames.', { useInnerText: true });

  // A public reply: text stays text, links are clickable.
  await page.getByLabel('Reply').fill(`Unplug it <b>now</b>, see https://example.com/fire-safety.\nword${id}`);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Reply sent to .+\./ })).toBeVisible();
  const reply = page.getByRole('article').filter({ hasText: 'Unplug it' });
  await expect(reply).toContainText('Unplug it <b>now</b>');
  await expect(reply.getByRole('link', { name: 'https://example.com/fire-safety' })).toHaveAttribute('href', 'https://example.com/fire-safety');
  await expect(reply.getByText(admin.name, { exact: true })).toBeVisible();
  await expect(reply).not.toContainText('Private note');
  await expect(page.getByLabel('Reply')).toHaveValue('');

  // A private note looks different and says so.
  await page.getByLabel('Reply').fill('Customer sounds stressed; call back.');
  await page.getByLabel('Private note').check();
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Private note added.' })).toBeVisible();
  const note = page.getByRole('article').filter({ hasText: 'Customer sounds stressed' });
  await expect(note).toContainText('Customer sounds stressed; call back.');
  await expect(note.getByText('Private note', { exact: true })).toBeVisible();
  await expect(note).toHaveClass(/bg-amber-50/);
  await expect(reply).not.toHaveClass(/bg-amber-50/);

  // The public reply opened the ticket; now put it on hold and take it.
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toContainText('Open');
  await page.getByLabel('Status').selectOption('hold');
  await expect(page.getByRole('status').filter({ hasText: 'Status set to On hold.' })).toBeVisible();
  await expect(heading).toContainText('On hold');
  await page.getByLabel('Assignee').selectOption({ label: `${admin.name} (${admin.email})` });
  await expect(page.getByRole('status').filter({ hasText: `Assigned to ${admin.name}.` })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Assignee').locator('option:checked')).toHaveText(`${admin.name} (${admin.email})`);

  const history = page.getByRole('list', { name: 'History' });
  await expect(history).toContainText(`${admin.name} created the ticket on the web`);
  await expect(history).toContainText(`${admin.name} replied`);
  await expect(history).toContainText(`${admin.name} added a private note`);
  await expect(history).toContainText(`${admin.name} changed the status from new to open`);
  await expect(history).toContainText(`${admin.name} changed the status from open to hold`);
  await expect(history).toContainText(`${admin.name} assigned the ticket to ${admin.name}`);
});

test('the ticket list finds a ticket by number, #number, PAR-number and a word of a reply, and filters work', async ({ page }) => {
  const id = unique();
  const subject = `Search me ${id}`;
  await signIn(page);
  const ticket = await createTicket(page, { email: `finder-${id}@example.com`, name: `Finder ${id}`, subject, message: 'Hello.' });
  await page.getByLabel('Reply').fill(`The magic word is zebra${id}.`);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Reply sent to .+\./ })).toBeVisible();

  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: subject }) });
  for (const q of [ticket.number, `#${ticket.number}`, ticket.displayNumber, ticket.displayNumber.toLowerCase(), `zebra${id}`]) {
    await search(page, { q });
    await expect(row, `searching for ${q}`).toBeVisible();
  }
  await expect(row.getByRole('cell').first()).toHaveText(ticket.displayNumber);
  await expect(row).toContainText(`Finder ${id}`);
  await expect(row).toContainText('Open');
  await expect(row).toContainText('Unassigned');

  await search(page, { q: `zebra${id}-nothing` });
  await expect(page.getByText('No tickets match these filters.')).toBeVisible();

  // Filters combine with the search and are kept in the form.
  await search(page, { q: `zebra${id}`, status: 'open', assignee: 'unassigned' });
  await expect(row).toBeVisible();
  await expect(page.getByLabel('Status')).toHaveValue('open');
  await expect(page.getByLabel('Assignee')).toHaveValue('unassigned');
  await search(page, { q: `zebra${id}`, status: 'closed' });
  await expect(row).toHaveCount(0);
  await search(page, { q: `zebra${id}`, assignee: 'mine' });
  await expect(row).toHaveCount(0);

  await page.goto(ticket.url);
  await page.getByLabel('Assignee').selectOption({ label: `${admin.name} (${admin.email})` });
  await expect(page.getByRole('list', { name: 'History' })).toContainText(`assigned the ticket to ${admin.name}`);
  await search(page, { q: `zebra${id}`, assignee: 'mine' });
  await expect(row).toContainText(admin.name);
  await search(page, { q: `zebra${id}`, assignee: 'unassigned' });
  await expect(row).toHaveCount(0);
});

test('bad input on the New ticket form gets a clear message and creates nothing', async ({ page }) => {
  const id = unique();
  await signIn(page);
  await page.goto('/tickets/new');
  await page.getByLabel('Customer email').fill('not-an-email');
  await page.getByLabel('Subject').fill(`Never created ${id}`);
  await page.getByRole('button', { name: 'Create ticket' }).click();
  // Each problem is one sentence next to its field, naming it by its label; focus goes to the first.
  await expect(page.getByLabel('Customer email')).toBeFocused();
  await expect(page.getByLabel('Customer email')).toHaveAccessibleDescription('Customer email must be a valid email address.');
  await expect(page.getByLabel('Message')).toHaveAccessibleDescription('Write the customer’s message.');
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);
  // What was typed stays for correction.
  await expect(page.getByLabel('Subject')).toHaveValue(`Never created ${id}`);
  await search(page, { q: `Never created ${id}` });
  await expect(page.getByText('No tickets match these filters.')).toBeVisible();
});

test('a missing ticket is a 404 page; a ticket the agent may not see says so', async ({ browser }) => {
  const id = unique();
  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage);
  const response = await adminPage.goto('/tickets/987654321');
  expect(response?.status()).toBe(404);
  await expect(adminPage.getByRole('heading', { name: 'Page not found' })).toBeVisible();

  const ticket = await createTicket(adminPage, { email: `hidden-${id}@example.com`, name: 'Hidden', subject: `Assigned away ${id}`, message: 'Hi' });
  await adminPage.getByLabel('Assignee').selectOption({ label: `${admin.name} (${admin.email})` });
  await expect(adminPage.getByRole('list', { name: 'History' })).toContainText('assigned the ticket to');

  const agentEmail = `restricted-${id}@parley.test`;
  runCli(['create-agent', '--email', agentEmail, '--name', `Restricted ${id}`, '--password', 'restricted-password-1']);
  const agentPage = await (await browser.newContext()).newPage();
  await signIn(agentPage, { email: agentEmail, password: 'restricted-password-1' });

  await setSetting(adminPage, 'Restrict agents to tickets assigned to them or unassigned', true);
  try {
    await agentPage.goto(ticket.url);
    await expect(agentPage.getByRole('alert').filter({ hasText: 'You may not see this ticket.' })).toBeVisible();
    await expect(agentPage.getByLabel('Reply')).toHaveCount(0);
    await search(agentPage, { q: `Assigned away ${id}` });
    await expect(agentPage.getByText('No tickets match these filters.')).toBeVisible();
  } finally {
    await setSetting(adminPage, 'Restrict agents to tickets assigned to them or unassigned', false);
  }
  await agentPage.goto(ticket.url);
  await expect(agentPage.getByRole('heading', { level: 1 })).toContainText(`Assigned away ${id}`);
});

test('an admin rotates a ticket’s links: the customer gets a new link and the old one is refused', async ({ page }) => {
  const id = unique();
  await signIn(page);
  await createTicket(page, { email: `rotate-${id}@example.com`, name: 'Rotating', subject: `Leaked link ${id}`, message: 'Oops' });
  const oldLink = await page.getByLabel('Customer link').inputValue();
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Rotate links…' }).click();
  await page.getByRole('dialog', { name: 'Rotate links' }).getByRole('button', { name: 'Yes, rotate links' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Links rotated.' })).toBeVisible();
  await expect(page.getByLabel('Customer link')).not.toHaveValue(oldLink);
  const newLink = await page.getByLabel('Customer link').inputValue();
  await expect(page.getByRole('list', { name: 'History' })).toContainText(`${admin.name} rotated the ticket’s links`);

  const visitor = await page.context().browser()!.newContext();
  const visitorPage = await visitor.newPage();
  await visitorPage.goto(oldLink);
  await expect(visitorPage.getByText('This link is not valid or no longer works.')).toBeVisible();
  await visitorPage.goto(newLink);
  await expect(visitorPage.getByText(`Leaked link ${id}`).first()).toBeVisible();
  await visitor.close();
});

test('one click: Send & close, Send & put on hold, Assign to me', async ({ page, request }) => {
  const api = adminApi(request, createAdminToken(`one-click ${Date.now()}`));
  const ticket = await api.createTicket({ subject: `One click ${Date.now()}`, message: 'Please help.', customer: { email: `one-click-${Date.now()}@example.test`, name: 'Olive' } });
  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);
  const heading = page.getByRole('heading', { level: 1 });

  await page.getByRole('button', { name: 'Assign to me' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Assigned to ${admin.name}.` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Assign to me' })).toHaveCount(0);

  await page.getByLabel('Reply', { exact: true }).fill('Waiting for your logs.');
  await page.getByRole('button', { name: 'Send & put on hold' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Reply sent to .+; the ticket is on hold\./ })).toBeVisible();
  await expect(heading).toContainText('On hold');

  await page.getByLabel('Reply', { exact: true }).fill('Fixed, closing.');
  await page.getByRole('button', { name: 'Send & close' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Reply sent to .+; the ticket is closed\./ })).toBeVisible();
  await expect(heading).toContainText('Closed');
  await expect(page.getByRole('article').filter({ hasText: 'Fixed, closing.' })).toBeVisible();
});
