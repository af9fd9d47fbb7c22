import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getAgentById, isSessionCurrent } from '@/lib/auth/agents';
import { getEnv } from '@/lib/core/env';
import { clientAddress, RateLimitError } from '@/lib/auth/rate-limit';
import { signInWithPassword, signInWithSecondFactor } from '@/lib/auth/sign-in';
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
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
        // The second step of a two-factor sign-in (lib/auth/sign-in.ts): the first step's challenge and a code.
        challenge: { label: 'Challenge', type: 'hidden' },
        code: { label: 'Code', type: 'text' },
      },
      async authorize(credentials, req) {
        // next-auth hands a thrown message to the sign-in form as `error`: these codes are what app/login reads.
        let step;
        try {
          step = credentials?.challenge
            ? signInWithSecondFactor({ challenge: credentials.challenge, code: credentials.code ?? '' })
            : await signInWithPassword({
                email: credentials?.email ?? '',
                password: credentials?.password ?? '',
                address: clientAddress(new Headers((req?.headers ?? {}) as Record<string, string>)),
              });
        } catch (error) {
          if (error instanceof RateLimitError) throw new Error(`RateLimited:${error.limit}:${error.minutes}`);
          throw error;
        }
        if (step.kind === 'second-factor') throw new Error(`SecondFactor:${step.challenge}`);
        if (step.kind === 'refused') {
          if (step.reason === 'credentials') return null;
          throw new Error(step.reason === 'code' ? 'WrongCode' : 'ChallengeExpired');
        }
        const { agent } = step;
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
