/**
 * The applicant's steps in the approval chain; each goes through the transition service, and a
 * retry with the same Idempotency-Key gets the first answer (src/middlewares/idempotency.ts).
 */
const step = (name: string) => ({ method: 'POST', path: `/applications/:id/${name}`, handler: `api::application.application.${name}`, config: { middlewares: ['global::idempotency'] } });

export default {
  routes: [
    ...['submit', 'withdraw', 'resubmit', 'completion'].map(step),
    // Attachments: multipart upload into a form's file slot (or 建设完成材料, slot __completion), removal from a slot, and the owner's download.
    { method: 'POST', path: '/applications/:id/files', handler: 'api::application.application.upload' },
    { method: 'DELETE', path: '/applications/:id/files/:fileId', handler: 'api::application.application.removeFile' },
    { method: 'GET', path: '/files/:id', handler: 'api::application.application.download' },
  ],
};
