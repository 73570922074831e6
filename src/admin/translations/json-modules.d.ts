/** Strapi's translation files are ES modules whose default export maps message ids to text. */
declare module '*.json.mjs' {
  const messages: Record<string, string>;
  export default messages;
}
