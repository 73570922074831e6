import fs from 'fs';

/**
 * Sends a private file. Always with nosniff; inline only for the types a browser shows safely
 * (PDF and images) when staff ask to view it, otherwise as a download.
 */
const INLINE = ['pdf', 'png', 'jpg'];

export function sendFile(ctx: any, file: { path: string; name: string; mime: string; ext: string }, inline = false) {
  const disposition = inline && INLINE.includes(file.ext) ? 'inline' : 'attachment';
  ctx.set('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Cache-Control', 'private, no-store');
  ctx.type = file.mime;
  ctx.body = fs.createReadStream(file.path);
}
