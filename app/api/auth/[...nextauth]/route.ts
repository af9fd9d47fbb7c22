import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth';

// GET|POST /api/auth/* – next-auth's sign-in, sign-out and session endpoints
const handler = NextAuth(authOptions);
export { handler as GET, handler as POST };
