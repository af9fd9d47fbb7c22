import { fileTypeFromBuffer } from 'file-type';

// The content type of an attachment comes from its bytes, never from what the browser or mail client claimed.

/** How many leading bytes are kept for sniffing: file-type's signatures all sit within the first ~4 KB. */
export const SNIFF_BYTES = 4100;

/** Raster images a browser may show inline; every other type is always served as a download. */
const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export const isInlineImage = (contentType: string) => INLINE_IMAGE_TYPES.has(contentType);

/** Valid UTF-8 without NUL bytes; the last 3 bytes are ignored since the head may cut a character in two. */
function looksLikeText(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 3)));
    return true;
  } catch {
    return false;
  }
}

/**
 * The content type of a file from its first bytes: binary formats by signature (file-type), text as text/plain,
 * except SVG and HTML, which are named as such so they are recognisably never shown inline.
 */
export async function sniffContentType(head: Uint8Array): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  if (head.length === 0 || !looksLikeText(head)) return 'application/octet-stream';
  const start = new TextDecoder().decode(head).replace(/^\uFEFF/, '').trimStart().slice(0, 1024).toLowerCase();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/.test(start)) return 'image/svg+xml';
  if (/^(<!--[\s\S]*?-->\s*)*<(!doctype html|html|head|body|script|iframe)[\s>]/.test(start)) return 'text/html';
  return 'text/plain';
}
