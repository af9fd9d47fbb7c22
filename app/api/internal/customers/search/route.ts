// GET /api/internal/customers/search?q= – customers matching a name or email, for signed-in agents' pickers
import { searchCustomers } from '@/lib/people/customers';
import { AppError } from '@/lib/core/errors';
import { getCurrentAgent } from '@/lib/auth/session';

export async function GET(request: Request) {
  if (!(await getCurrentAgent())) return new AppError('unauthorized', 'Sign in to search customers.').toResponse();
  const q = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 100);
  const customers = q ? searchCustomers({ q }).map(({ id, name, email }) => ({ id, name, email })) : [];
  return Response.json({ customers });
}
