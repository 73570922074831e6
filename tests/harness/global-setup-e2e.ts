/**
 * The browser suite runs the real demo server, admin panel included, so it needs a complete
 * `strapi build`; buildIfNeeded skips it when dist/ already holds a build of these sources.
 */
export default async function globalSetupE2e() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildIfNeeded } = require('../../scripts/lib/build');
  buildIfNeeded();
}
