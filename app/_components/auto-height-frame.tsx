'use client';

import { useCallback, useEffect, useRef } from 'react';

/**
 * An email's HTML in a sandboxed frame that grows to its content, so nothing (the button at the bottom) is cut off.
 * The sandbox allows no scripts, forms, pop-ups or navigation of the page; `allow-same-origin` alone only lets this
 * page read the frame's height (with no script in the frame, nothing in it can use that origin). The height is set
 * through the DOM, which the Content-Security-Policy allows (no inline style or script is added).
 */
export function AutoHeightFrame({ title, html, className = '' }: { title: string; html: string; className?: string }) {
  const ref = useRef<HTMLIFrameElement>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const fit = useCallback(() => {
    const frame = ref.current;
    const document = frame?.contentDocument;
    if (!frame || !document?.documentElement) return;
    const height = Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0);
    // The frame's own border counts in its height (border-box).
    const border = frame.offsetHeight - frame.clientHeight;
    frame.style.height = `${Math.max(height, 80) + border}px`;
  }, []);
  const onLoad = useCallback(() => {
    fit();
    observer.current?.disconnect();
    const body = ref.current?.contentDocument?.body;
    if (body) {
      observer.current = new ResizeObserver(fit);
      observer.current.observe(body);
    }
  }, [fit]);
  useEffect(() => {
    // The frame may have loaded before React attached onLoad.
    if (ref.current?.contentDocument?.readyState === 'complete') onLoad();
    return () => observer.current?.disconnect();
  }, [onLoad]);
  return <iframe ref={ref} title={title} sandbox="allow-same-origin" srcDoc={html} onLoad={onLoad} scrolling="no" className={`block w-full ${className}`} />;
}
