export default ({ env }) => ({
  'users-permissions': {
    config: {
      jwtSecret: env('JWT_SECRET'),
      // Access tokens of 10 minutes and single-use refresh tokens (POST /api/auth/refresh), on
      // the session manager: a session ends after 30 minutes without use, and after 12 hours in any case.
      jwtManagement: 'refresh',
      sessions: {
        accessTokenLifespan: env.int('PORTAL_ACCESS_TOKEN_SECONDS', 10 * 60),
        idleRefreshTokenLifespan: env.int('PORTAL_IDLE_SECONDS', 30 * 60),
        maxRefreshTokenLifespan: env.int('PORTAL_MAX_SESSION_SECONDS', 12 * 3600),
        idleSessionLifespan: env.int('PORTAL_IDLE_SECONDS', 30 * 60),
        maxSessionLifespan: env.int('PORTAL_MAX_SESSION_SECONDS', 12 * 3600),
      },
      // Registration accepts these fields only; role and `confirmed` are never client-settable.
      register: { allowedFields: [] },
    },
  },
  upload: {
    config: {
      provider: 'local',
      sizeLimit: env.int('UPLOAD_SIZE_LIMIT', 50 * 1024 * 1024),
    },
  },
  // Production: EMAIL_PROVIDER=nodemailer with SMTP_*; otherwise messages go to a folder.
  email: {
    config: {
      ...(env('EMAIL_PROVIDER', 'folder') === 'nodemailer'
        ? {
            provider: 'nodemailer',
            providerOptions: {
              host: env('SMTP_HOST'),
              port: env.int('SMTP_PORT', 465),
              secure: env.bool('SMTP_SECURE', true),
              auth: { user: env('SMTP_USERNAME'), pass: env('SMTP_PASSWORD') },
            },
          }
        : { provider: 'strapi-provider-email-folder', providerOptions: { dir: env('EMAIL_FOLDER', '.tmp/mail') } }),
      settings: {
        defaultFrom: env('EMAIL_FROM', 'noreply@sjj.wuhan.gov.cn'),
        defaultReplyTo: env('EMAIL_REPLY_TO', 'noreply@sjj.wuhan.gov.cn'),
      },
    },
  },
});
