export default ({ env }) => ({
  auth: {
    secret: env('ADMIN_JWT_SECRET'),
  },
  apiToken: {
    salt: env('API_TOKEN_SALT'),
  },
  transfer: {
    token: {
      salt: env('TRANSFER_TOKEN_SALT'),
    },
  },
  secrets: {
    encryptionKey: env('ENCRYPTION_KEY'),
  },
  flags: {
    nps: false,
    promoteEE: false,
  },
  // The admin panel must work without reaching out to the internet (the bureau's network is closed).
  autoOpen: false,
  // Not configured, the edit view offers every staff member 「Set up preview」, a link to Strapi's
  // documentation online; switched off, it offers nothing. The portal shows a call once published.
  preview: { enabled: false },
  watchIgnoreFiles: ['**/tests/**', '**/.tmp/**'],
});
