import { expect, type APIRequestContext } from '@playwright/test';
import { runCli } from './cli';
import { admin } from './env';

/** A fresh API token for the first admin, made with the CLI (call once per spec file, e.g. in beforeAll). */
export const createAdminToken = (label: string) => runCli(['create-token', '--email', admin.email, '--name', label]);

/** The REST API as the admin: set-up and checks for browser tests, asserting each call succeeded. */
export function adminApi(request: APIRequestContext, token: string) {
  const headers = { Authorization: `Bearer ${token}` };
  async function call(method: 'get' | 'post' | 'patch' | 'delete', path: string, data?: unknown) {
    const response = await request[method](path, { headers, data });
    expect(response.ok(), `${method.toUpperCase()} ${path} answered ${response.status()}: ${await response.text()}`).toBe(true);
    return response.status() === 204 ? null : await response.json();
  }
  return {
    getTicket: async (id: number) => (await call('get', `/api/v1/tickets/${id}`)).ticket,
    findTickets: async (q: string) => (await call('get', `/api/v1/tickets?q=${encodeURIComponent(q)}`)).tickets as { id: number; number: string }[],
    createTicket: async (input: { subject: string; message: string; customer: { email: string; name?: string; company?: string } }) =>
      (await call('post', '/api/v1/tickets', input)).ticket,
    reply: (id: number, message: string, isPrivate = false) => call('post', `/api/v1/tickets/${id}/replies`, { message, private: isPrivate }),
    // A side reply: "customer", or participant ids (and "customer").
    sideReply: (id: number, message: string, to: 'customer' | (number | 'customer')[]) => call('post', `/api/v1/tickets/${id}/replies`, { message, to }),
    updateSettings: (patch: Record<string, unknown>) => call('patch', '/api/v1/settings', patch),
    createCustomer: async (input: { email: string; name: string; company?: string }) => (await call('post', '/api/v1/customers', input)).customer,
    addParticipant: async (id: number, input: { email: string; name?: string }) => (await call('post', `/api/v1/tickets/${id}/participants`, input)).participant,
    removeParticipant: (id: number, participantId: number) => call('delete', `/api/v1/tickets/${id}/participants/${participantId}`),
    mergeTicket: async (id: number, into: number) => (await call('post', `/api/v1/tickets/${id}/merge`, { into })).ticket,
  };
}
