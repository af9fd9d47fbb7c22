'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * A wide table on a narrow screen: it scrolls sideways inside this area (never the page), and while it does a cue
 * says so ("Scroll sideways for more columns") and a shadow marks the cut edge. While it scrolls, the area is a
 * labelled region in the Tab order, so keyboard users scroll it with the arrow keys.
 */
export function ScrollArea({ label, children, className = '' }: { label: string; children: React.ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflow, setOverflow] = useState({ scrolls: false, atEnd: true });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const scrolls = element.scrollWidth > element.clientWidth + 1;
      const atEnd = element.scrollLeft + element.clientWidth >= element.scrollWidth - 1;
      setOverflow((before) => (before.scrolls === scrolls && before.atEnd === atEnd ? before : { scrolls, atEnd }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    element.addEventListener('scroll', measure, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', measure);
    };
  }, []);
  return (
    <div className={`relative ${className}`}>
      {overflow.scrolls ? (
        <p className="mb-2 text-xs text-slate-600" aria-hidden="true">
          Scroll sideways for more columns →
        </p>
      ) : null}
      <div
        ref={ref}
        className="overflow-x-auto"
        {...(overflow.scrolls ? { role: 'region', 'aria-label': `${label} (scrolls sideways)`, tabIndex: 0 } : {})}
      >
        {children}
      </div>
      {overflow.scrolls && !overflow.atEnd ? (
        <div aria-hidden="true" className="pointer-events-none absolute top-0 right-0 bottom-0 w-6 bg-gradient-to-l from-white to-transparent" />
      ) : null}
    </div>
  );
}
