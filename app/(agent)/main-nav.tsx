'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useId, useState } from 'react';

type NavLink = { href: string; label: string };

const isCurrent = (pathname: string, href: string) => pathname === href || pathname.startsWith(`${href}/`);

/**
 * The agent navigation. The current section is highlighted (and announced with aria-current); below the `md`
 * breakpoint the links fold into a "Menu" button so the header stays one row at 390 px.
 */
export function MainNav({ links, children }: { links: NavLink[]; children: React.ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  // Following a link closes the menu.
  useEffect(() => setOpen(false), [pathname]);
  const current = links.find((link) => isCurrent(pathname, link.href));
  return (
    <>
      <button
        type="button"
        className="ml-auto inline-flex items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-800 md:hidden"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen(!open)}
      >
        Menu{current ? <span className="text-slate-500">· {current.label}</span> : null}
      </button>
      <div
        id={menuId}
        className={`${open ? 'flex' : 'hidden'} w-full flex-col gap-3 md:flex md:w-auto md:flex-1 md:flex-row md:items-center md:justify-between md:gap-6`}
      >
        <nav aria-label="Main" className="flex flex-col gap-1 text-sm md:flex-row md:flex-wrap md:gap-4">
          {links.map((link) => {
            const active = link === current;
            return (
              <Link
                key={link.href}
                href={link.href}
                aria-current={active ? 'page' : undefined}
                className={`rounded px-2 py-1 md:px-0 ${
                  active ? 'font-semibold text-indigo-700 md:underline md:decoration-2 md:underline-offset-8' : 'text-slate-700 hover:text-indigo-700'
                }`}
              >
                {link.label}
              </Link>
            );
          })}
        </nav>
        {children}
      </div>
    </>
  );
}
