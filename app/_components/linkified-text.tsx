import { splitLinks } from '@/lib/web/text-links';

/** Shows user-written text as text: line breaks kept, http(s) links clickable, markup never interpreted. */
export function LinkifiedText({ text, className = '' }: { text: string; className?: string }) {
  return (
    <div className={`whitespace-pre-wrap break-words ${className}`}>
      {splitLinks(text).map((segment, index) =>
        segment.kind === 'link' ? (
          <a key={index} href={segment.href} rel="noopener noreferrer nofollow" target="_blank" className="text-indigo-700 underline hover:text-indigo-900">
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </div>
  );
}
