import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/next-auth';
import { AppError } from '@/lib/core/errors';

// GET|POST /api/auth/* – next-auth's sign-in, sign-out and session endpoints
const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

/** next-auth throws (a 500) on requests it has no answer for; those get a 4xx here instead. */
async function handle(request: Request, context: Context) {
  const [action, provider] = (await context.params).nextauth;
  // Credentials sign in by POST only; next-auth throws "not supported" on a GET.
  if (action === 'callback' && provider === 'credentials' && request.method !== 'POST') {
    const response = new AppError('method_not_allowed', 'Sign in with a POST of the sign-in form.').toResponse();
    response.headers.set('Allow', 'POST');
    return response;
  }
  try {
    return await handler(request, context);
  } catch {
    return new AppError('bad_request', 'This sign-in request could not be read.').toResponse();
  }
}

export { handle as GET, handle as POST };
