import { randomBytes } from 'crypto';

/**
 * A document id for rows written through the query engine, which (unlike the document service)
 * leaves document_id empty. Same shape as Strapi's: 24 lower-case letters and digits, starting
 * with a letter, from 120 random bits.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newDocumentId(): string {
  const bytes = randomBytes(24);
  let id = ALPHABET[bytes[0] % 26];
  for (let i = 1; i < 24; i += 1) id += ALPHABET[bytes[i] % 36];
  return id;
}
