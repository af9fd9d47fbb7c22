import { beforeAll, describe, expect, it } from 'vitest';
import { companyDomains, type Agent } from '@/db/schema';
import { createAgent } from '@/lib/auth/agents';
import { systemActor } from '@/lib/core/audit';
import {
  companyIdForEmail,
  createCompany,
  findOrCreateCompany,
  getCompanyByName,
  getCompanyDetails,
  isFreeMailDomain,
  listCompanies,
  updateCompany,
} from '@/lib/people/companies';
import { createCustomer, findOrCreateCustomer, getCustomerById, listCustomers, updateCustomer } from '@/lib/people/customers';
import { getDb } from '@/lib/core/db';
import { appErrorFrom } from '@/tests/support/helpers';

let admin: Agent;
beforeAll(async () => {
  admin = await createAgent({ email: 'admin@team.test', name: 'Admin', password: 'password-123', role: 'admin' }, systemActor);
});

describe('customers', () => {
  it('stores the email lower-cased and refuses the same address in other case', async () => {
    const customer = createCustomer({ email: '  Mixed.Case@Example.COM ', name: 'Mixed' }, systemActor);
    expect(customer.email).toBe('mixed.case@example.com');

    const error = await appErrorFrom(() => createCustomer({ email: 'MIXED.case@example.com', name: 'Twin' }, systemActor));
    expect(error.code).toBe('conflict');
    expect(listCustomers({ q: 'mixed.case' }).total).toBe(1);
  });

  it('refuses to change an email to one another customer has, in any case', async () => {
    createCustomer({ email: 'taken@example.com' }, systemActor);
    const other = createCustomer({ email: 'other@example.com' }, systemActor);
    const error = await appErrorFrom(() => updateCustomer({ id: other.id, email: 'TAKEN@example.com' }, admin));
    expect(error.code).toBe('conflict');
    expect(getCustomerById({ id: other.id })!.email).toBe('other@example.com');
  });

  it('names a customer after their address when no name is given', () => {
    expect(createCustomer({ email: 'no.name@example.com', name: ' ' }, systemActor).name).toBe('no.name');
  });

  it('reports invalid fields as a 422 naming them and creates nothing', async () => {
    const error = await appErrorFrom(() => createCustomer({ email: 'not-an-email', name: 'x'.repeat(121) }, systemActor));
    expect(error.code).toBe('validation_failed');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['email', 'name']);
    expect(listCustomers({ q: 'not-an-email' }).total).toBe(0);

    const unknownCompany = await appErrorFrom(() => createCustomer({ email: 'ghost@example.com', companyId: 999_999 }, systemActor));
    expect(unknownCompany.code).toBe('validation_failed');
    expect(listCustomers({ q: 'ghost@' }).total).toBe(0);
  });

  it('joins a company by name (found case-insensitively or created), moves between and leaves companies', () => {
    const created = createCustomer({ email: 'jo@acme.test', name: 'Jo', company: 'Acme Ltd' }, systemActor);
    expect(created.company?.name).toBe('Acme Ltd');
    const same = createCustomer({ email: 'al@acme.test', name: 'Al', company: 'ACME LTD' }, systemActor);
    expect(same.companyId).toBe(created.companyId);

    const globex = createCompany({ name: 'Globex' }, systemActor);
    expect(updateCustomer({ id: created.id, email: 'jo@acme.test', companyId: String(globex.id) }, admin).company?.name).toBe('Globex');
    // Leaving the company field out keeps the company; an empty selection removes it.
    expect(updateCustomer({ id: created.id, email: 'jo@acme.test', name: 'Jo B' }, admin).companyId).toBe(globex.id);
    expect(updateCustomer({ id: created.id, email: 'jo@acme.test', companyId: '' }, admin).companyId).toBeNull();
  });

  it('answers 404 when updating a customer that does not exist', async () => {
    expect((await appErrorFrom(() => updateCustomer({ id: 999_999, email: 'x@example.com' }, admin))).code).toBe('not_found');
  });

  it('searches by name, email and company name and paginates', () => {
    createCustomer({ email: 'searchable-1@initech.test', name: 'Peter Gibbons', company: 'Initech' }, systemActor);
    createCustomer({ email: 'searchable-2@initech.test', name: 'Milton', company: 'Initech' }, systemActor);
    expect(listCustomers({ q: 'gibbons' }).customers.map((c) => c.name)).toEqual(['Peter Gibbons']);
    expect(listCustomers({ q: 'SEARCHABLE-2' }).customers.map((c) => c.name)).toEqual(['Milton']);
    expect(listCustomers({ q: 'initech' }).total).toBe(2);
    const firstPage = listCustomers({ q: 'initech', pageSize: 1 });
    const secondPage = listCustomers({ q: 'initech', pageSize: 1, page: 2 });
    expect(firstPage.customers).toHaveLength(1);
    expect(secondPage.customers[0].id).not.toBe(firstPage.customers[0].id);
    // `%` and `_` are searched for literally.
    expect(listCustomers({ q: '%' }).total).toBe(0);
  });

  it('findOrCreateCustomer reuses a customer matched by email in any case', () => {
    const first = getDb().transaction((tx) => findOrCreateCustomer(tx, { email: 'Returning@Example.com', name: 'Ret' }, systemActor));
    const again = getDb().transaction((tx) => findOrCreateCustomer(tx, { email: 'returning@example.COM', name: 'Other' }, systemActor));
    expect(again.id).toBe(first.id);
    expect(again.name).toBe('Ret');
  });
});

describe('companies', () => {
  it('finds an existing company case-insensitively instead of creating a twin', () => {
    const umbrella = getDb().transaction((tx) => findOrCreateCompany(tx, '  Umbrella Corp ', systemActor));
    expect(umbrella.name).toBe('Umbrella Corp');
    const again = getDb().transaction((tx) => findOrCreateCompany(tx, 'umbrella corp', systemActor));
    expect(again.id).toBe(umbrella.id);
    expect(listCompanies({ q: 'umbrella' }).total).toBe(1);
  });

  it('refuses duplicate and empty names', async () => {
    createCompany({ name: 'Hooli' }, systemActor);
    expect((await appErrorFrom(() => createCompany({ name: 'HOOLI' }, systemActor))).code).toBe('conflict');
    const empty = await appErrorFrom(() => createCompany({ name: '   ' }, systemActor));
    expect(empty.code).toBe('validation_failed');
    expect(empty.fields).toHaveProperty('name');
  });

  it('renames, refusing a name another company has', async () => {
    const vandelay = createCompany({ name: 'Vandelay' }, systemActor);
    createCompany({ name: 'Kramerica' }, systemActor);
    expect(updateCompany({ id: vandelay.id, name: 'Vandelay Industries' }, systemActor).name).toBe('Vandelay Industries');
    expect((await appErrorFrom(() => updateCompany({ id: vandelay.id, name: 'kramerica' }, systemActor))).code).toBe('conflict');
    // Changing only the case of its own name is allowed.
    expect(updateCompany({ id: vandelay.id, name: 'VANDELAY INDUSTRIES' }, systemActor).name).toBe('VANDELAY INDUSTRIES');
    expect((await appErrorFrom(() => updateCompany({ id: 999_999, name: 'Nope' }, systemActor))).code).toBe('not_found');
    expect(getCompanyByName({ name: 'Nope' })).toBeUndefined();
  });

  it('lists companies with their customer counts', () => {
    const wayne = createCompany({ name: 'Wayne Enterprises' }, systemActor);
    createCustomer({ email: 'bruce@wayne.test', companyId: wayne.id }, systemActor);
    createCustomer({ email: 'lucius@wayne.test', company: 'wayne enterprises' }, systemActor);
    createCompany({ name: 'Wayne Foundation' }, systemActor);
    expect(listCompanies({ q: 'wayne' }).companies.map((c) => [c.name, c.customerCount])).toEqual([
      ['Wayne Enterprises', 2],
      ['Wayne Foundation', 0],
    ]);
  });
});

describe('companies by email domain', () => {
  it('joins a new customer to the company whose domain their address has, from the agent’s form or from mail', () => {
    const acme = createCompany({ name: 'Domain Acme', domains: ['Acme-Domain.test', '@acme-domain.example'] }, systemActor);
    expect(acme.domains).toEqual(['acme-domain.example', 'acme-domain.test']);
    expect(createCustomer({ email: 'pat@acme-domain.test' }, systemActor).company?.name).toBe('Domain Acme');
    const fromMail = getDb().transaction((tx) => findOrCreateCustomer(tx, { email: 'Dan@ACME-domain.example' }, systemActor));
    expect(fromMail.companyId).toBe(acme.id);
    // A company named explicitly wins; other domains join nobody.
    expect(createCustomer({ email: 'named@acme-domain.test', company: 'Named Elsewhere' }, systemActor).company?.name).toBe('Named Elsewhere');
    expect(createCustomer({ email: 'someone@unrelated-domain.test' }, systemActor).companyId).toBeNull();
  });

  it('refuses free-mail domains, malformed domains and a domain another company has, changing nothing', async () => {
    expect(isFreeMailDomain('gmail.com')).toBe(true);
    expect(isFreeMailDomain('GMX.de')).toBe(true);
    expect(isFreeMailDomain('acme.com')).toBe(false);
    const free = await appErrorFrom(() => createCompany({ name: 'Free Mail Inc', domains: ['gmail.com'] }, systemActor));
    expect(free.status).toBe(422);
    expect(free.fields).toEqual({ domains: 'The domain gmail.com is a free email provider: its users share no company.' });
    expect(getCompanyByName({ name: 'Free Mail Inc' })).toBeUndefined();
    expect((await appErrorFrom(() => createCompany({ name: 'Bad Domain', domains: ['not a domain'] }, systemActor))).status).toBe(422);

    const first = createCompany({ name: 'Owner Co', domains: ['owned-domain.test'] }, systemActor);
    const second = createCompany({ name: 'Second Co' }, systemActor);
    const clash = await appErrorFrom(() => updateCompany({ id: second.id, domains: ['owned-domain.test'] }, systemActor));
    expect(clash.code).toBe('conflict');
    expect(clash.message).toBe('The domain owned-domain.test belongs to Owner Co already.');
    expect(getCompanyDetails({ id: second.id })!.domains).toEqual([]);
    expect(getCompanyDetails({ id: first.id })!.domains).toEqual(['owned-domain.test']);
    // No free-mail address joins a company, even through a row written around the checks.
    getDb().insert(companyDomains).values({ domain: 'gmail.com', companyId: first.id }).run();
    expect(companyIdForEmail('someone@gmail.com')).toBeNull();
    expect(companyIdForEmail('someone@owned-domain.test')).toBe(first.id);
  });

  it('renames and replaces domains independently; customers who joined stay', () => {
    const company = createCompany({ name: 'Patch Co', domains: ['patch-one.test'] }, systemActor);
    const joined = createCustomer({ email: 'joined@patch-one.test' }, systemActor);
    expect(updateCompany({ id: company.id, domains: ['patch-two.test'] }, systemActor)).toMatchObject({ name: 'Patch Co', domains: ['patch-two.test'] });
    expect(updateCompany({ id: company.id, name: 'Patch Company' }, systemActor)).toMatchObject({ name: 'Patch Company', domains: ['patch-two.test'] });
    expect(getCustomerById({ id: joined.id })!.companyId).toBe(company.id);
    expect(createCustomer({ email: 'late@patch-one.test' }, systemActor).companyId).toBeNull();
    expect(createCustomer({ email: 'late@patch-two.test' }, systemActor).companyId).toBe(company.id);
    expect(getCompanyDetails({ id: company.id })!.customerCount).toBe(2);
    expect(listCompanies({ q: 'Patch Company' }).companies[0].domains).toEqual(['patch-two.test']);
  });
});
