'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

// The one navigation of Settings: each section is its own page with its own address.
export const settingsSections = [
  { href: '/admin/settings', label: 'General' },
  { href: '/admin/settings/tickets', label: 'Tickets' },
  { href: '/admin/settings/emails', label: 'Emails' },
  { href: '/admin/settings/inbound', label: 'Inbound' },
  { href: '/admin/settings/service-levels', label: 'Service levels' },
  { href: '/admin/settings/tags', label: 'Tags' },
] as const;

export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings sections" className="mb-6 border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-x-5 gap-y-1 text-sm">
        {settingsSections.map((section) => {
          const current = pathname === section.href;
          return (
            <li key={section.href}>
              <Link
                href={section.href}
                aria-current={current ? 'page' : undefined}
                className={`inline-block border-b-2 py-2 ${current ? 'border-indigo-600 font-semibold text-indigo-700' : 'border-transparent text-slate-700 hover:text-indigo-700'}`}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
