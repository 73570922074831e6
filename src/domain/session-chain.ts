/**
 * A login session as Strapi's session manager stores it: a chain of rows, one per refresh token.
 * Each refresh marks the row it spent as rotated and names its successor (`childId`); an access
 * token names the row it was minted from. The chain of a row is every row linked to it, before
 * and after, so ending a session means removing all of them.
 */
export interface SessionLink {
  sessionId: string;
  childId?: string | null;
}

/** The ids of the chain that holds `sessionId` (empty when no row has it). */
export function chainOf(rows: SessionLink[], sessionId: string): string[] {
  const byId = new Map(rows.map((row) => [row.sessionId, row]));
  const parentOf = new Map(rows.filter((row) => row.childId).map((row) => [row.childId as string, row.sessionId]));
  if (!byId.has(sessionId)) return [];
  const chain = new Set([sessionId]);
  for (let parent = parentOf.get(sessionId); parent && !chain.has(parent); parent = parentOf.get(parent)) chain.add(parent);
  for (let child = byId.get(sessionId)?.childId; child && byId.has(child) && !chain.has(child); child = byId.get(child)?.childId) chain.add(child);
  return [...chain];
}
