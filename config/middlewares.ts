/**
 * strapi::security is helmet. Its defaults already send a Content-Security-Policy with
 * `default-src 'self'` and `script-src 'self'` (the portal has no inline script), HSTS,
 * `X-Content-Type-Options: nosniff`, `X-Frame-Options: SAMEORIGIN` and `Referrer-Policy:
 * no-referrer` (the portal's pages send same-origin); these settings add the cross-origin isolation headers Strapi turns off, which
 * neither the portal nor the admin panel needs off. strapi::poweredBy is left out: a server
 * need not tell what it runs on (tests/integration/account-security.test.ts).
 */
export default [
  // first: the instant the request arrived, which decides whether a submission was on time
  'global::received-at',
  'strapi::logger',
  // outside strapi::errors: the Content Manager's English validation messages, in Chinese
  'global::validation-messages',
  'strapi::errors',
  {
    name: 'strapi::security',
    config: {
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
      originAgentCluster: true,
    },
  },
  'strapi::cors',
  'strapi::query',
  // just before the body parser: a body it cannot read gets a Chinese refusal naming the body
  'global::request-body',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'global::portal',
  'strapi::public',
];
