export default ({ env }) => ({
  'users-permissions': {
    config: {
      jwtSecret: env('JWT_SECRET'),
      jwt: { expiresIn: env('PORTAL_JWT_EXPIRES_IN', '30m') },
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
