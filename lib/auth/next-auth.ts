import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getAgentById, isSessionCurrent, verifyAgentCredentials } from '@/lib/auth/agents';
import { getEnv } from '@/lib/core/env';
import { consumeRateLimit, resetRateLimit } from '@/lib/auth/rate-limit';
import { AppError } from '@/lib/core/errors';
import { clientAddress } from '@/lib/auth/rate-limit';
import { sameOriginPath } from '@/lib/auth/redirects';

export const authOptions: NextAuthOptions = {
  // Read at request time: `npm start` always provides it; a bare `next build` does not need it.
  secret: getEnv().AUTH_SECRET,
  session: { strategy: 'jwt', maxAge: 7 * 24 * 60 * 60 },
  // Secure (and __Secure- prefixed) cookies whenever Parley is served over https.
  useSecureCookies: getEnv().APP_URL.startsWith('https:'),
  pages: { signIn: '/login' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const address = clientAddress(new Headers((req?.headers ?? {}) as Record<string, string>));
        try {
          consumeRateLimit('signIn', address);
        } catch (error) {
          // next-auth passes a thrown message to the sign-in page as `error`.
          if (error instanceof AppError) throw new Error('RateLimited');
          throw error;
        }
        const agent = await verifyAgentCredentials(credentials?.email ?? '', credentials?.password ?? '');
        if (!agent) return null;
        resetRateLimit('signIn', address);
        return { id: String(agent.id), email: agent.email, name: agent.name, sessionVersion: agent.sessionVersion };
      },
    }),
  ],
  callbacks: {
    // next-auth's own redirects (sign-in and sign-out pages) follow the same rule as the sign-in form.
    redirect({ url, baseUrl }) {
      const path = sameOriginPath(url, baseUrl);
      return path ? `${baseUrl}${path}` : baseUrl;
    },
    jwt({ token, user }) {
      // Set once, at sign-in; lib/auth/session.ts compares it with the agent's current version on every request.
      if (user) token.sessionVersion = (user as { sessionVersion?: number }).sessionVersion;
      return token;
    },
    session({ session, token }) {
      // A deactivated agent's or an ended session names no one, not even on /api/auth/session (the pages and API
      // refuse it anyway through lib/auth/session.ts).
      const agent = token.sub ? getAgentById({ id: Number(token.sub) }) : null;
      if (!agent || !isSessionCurrent(agent, token.sessionVersion)) return { expires: session.expires };
      if (session.user) Object.assign(session.user, { id: token.sub, sessionVersion: token.sessionVersion });
      return session;
    },
  },
};
