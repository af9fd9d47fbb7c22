import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <main className="mx-auto mt-24 max-w-md px-4 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-slate-700">This page could not be found.</p>
      <p className="mt-4 text-sm">
        <Link href="/" className="text-indigo-700 underline">
          Go to Parley
        </Link>
      </p>
    </main>
  );
}
