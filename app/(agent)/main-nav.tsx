'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useId, useState } from 'react';

// badge: a count shown beside the label ("3"), with words for screen readers ("need attention").
type NavLink = { href: string; label: string; badge?: { text: string; label: string } };

const isCurrent = (pathname: string, href: string) => pathname === href || pathname.startsWith(`${href}/`);

/**
 * The agent navigation. The current section is highlighted (and announced with aria-current); below the `xl`
 * breakpoint (1280 px) the links fold into a "Menu" button so the header stays one row at 390 px.
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
        className="ml-auto inline-flex items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-800 xl:hidden"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen(!open)}
      >
        Menu{current ? <span className="text-slate-500">· {current.label}</span> : null}
      </button>
      <div
        id={menuId}
        className={`${open ? 'flex' : 'hidden'} w-full flex-col gap-3 xl:flex xl:w-auto xl:min-w-0 xl:flex-1 xl:flex-row xl:items-center xl:justify-between xl:gap-6`}
      >
        <nav aria-label="Main" className="flex flex-col gap-1 text-sm xl:shrink-0 xl:flex-row xl:gap-x-3 xl:whitespace-nowrap">
          {links.map((link) => {
            const active = link === current;
            return (
              <Link
                key={link.href}
                href={link.href}
                aria-current={active ? 'page' : undefined}
                className={`rounded px-2 py-1 xl:px-0 ${
                  active ? 'font-semibold text-indigo-700 xl:underline xl:decoration-2 xl:underline-offset-8' : 'text-slate-700 hover:text-indigo-700'
                }`}
              >
                {link.label}
                {link.badge ? (
                  <span className="ml-1.5 inline-block rounded-full bg-amber-100 px-1.5 text-xs font-semibold text-amber-900 no-underline">
                    {link.badge.text}
                    <span className="sr-only"> {link.badge.label}</span>
                  </span>
                ) : null}
              </Link>
            );
          })}
        </nav>
        {children}
      </div>
    </>
  );
}
