import cronTasks from './cron-tasks';

export default ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  // The public URL matters for links in emails and for the admin behind a proxy.
  url: env('PUBLIC_URL', ''),
  proxy: env.bool('IS_PROXIED', false),
  app: {
    keys: env.array('APP_KEYS'),
  },
  // A request must arrive whole within requestTimeout (a slow upload is cut off, and nothing of
  // it is stored), its headers within headersTimeout; Node checks both every
  // connectionsCheckingInterval. Five minutes carries 20 MB over a 1 Mbit/s line.
  http: {
    serverOptions: {
      requestTimeout: env.int('REQUEST_TIMEOUT_MS', 300_000),
      headersTimeout: env.int('HEADERS_TIMEOUT_MS', 60_000),
      connectionsCheckingInterval: env.int('CONNECTIONS_CHECKING_INTERVAL_MS', 30_000),
    },
  },
  cron: {
    enabled: env.bool('CRON_ENABLED', true),
    tasks: cronTasks,
  },
});
