export default ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 0),
  app: { keys: env.array('APP_KEYS') },
  // Tests boot many instances; a stray cron would outlive its test. The job tests switch it on.
  cron: { enabled: env.bool('CRON_ENABLED', false) },
});
