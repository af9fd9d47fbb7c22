// `npm run email:dev`: every email template rendered with its preview props, at http://localhost:3001
// (EMAIL_PREVIEW_PORT to change). `tsx watch` restarts it when a template changes; reload the page to see it.
import http from 'node:http';
import { emailComponents } from '@/emails';
import { renderEmail } from '@/lib/mail/render';
import { isTemplateKey, templateKeys } from '@/lib/core/outbox-queue';
import { templateDefinitions } from '@/lib/mail/templates';

const port = Number(process.env.EMAIL_PREVIEW_PORT ?? 3001);

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function indexPage(): string {
  const items = templateKeys
    .map((key) => `<li><a href="/${key}">${escapeHtml(templateDefinitions[key].label)}</a> · <a href="/${key}.txt">text</a> <small>— ${escapeHtml(templateDefinitions[key].audience)}</small></li>`)
    .join('\n');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Parley email previews</title>
<style>body{font:15px/1.6 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}small{color:#64748b}</style></head>
<body><h1>Parley email previews</h1><p>Each template from <code>emails/</code>, rendered with its preview props.</p><ul>${items}</ul></body></html>`;
}

const server = http.createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://preview').pathname.slice(1);
  try {
    if (path === '') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(indexPage());
    }
    const [key, format] = path.split('.');
    if (!isTemplateKey(key) || (format !== undefined && format !== 'txt')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end(`No template “${path}”. Templates: ${templateKeys.join(', ')}`);
    }
    const { html, text } = await renderEmail(key, emailComponents[key].PreviewProps);
    res.writeHead(200, { 'content-type': `${format ? 'text/plain' : 'text/html'}; charset=utf-8` });
    res.end(format ? text : html);
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
});

server.listen(port, () => console.log(`email previews on http://localhost:${port}`));
