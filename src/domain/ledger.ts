import { createHash } from 'crypto';

/**
 * The review ledger (审核记录) is a hash chain per application: each record's hash covers its
 * content and the previous record's hash, so changing or removing any record breaks every hash
 * after it. Values are normalised before hashing so that SQLite and PostgreSQL, which hand back
 * big integers and dates differently, produce the same hash.
 */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The record format. Format 1 (no `format` stored) is the first version's; format 2 adds
 * `subject`, what a record is about beyond the application itself (an objection and its ruling,
 * the 公示 batch a closing record ends), and hashes `format` with it. A record is hashed by the
 * format it was written in, so records written before format 2 verify as they always did.
 */
export const LEDGER_FORMAT = 2;

export interface LedgerEntry {
  applicationId: string;
  seq: number;
  stage: string;
  action: string;
  fromState: string;
  toState: string;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  actorDistrict: string | null;
  actorInstitution: string | null;
  opinion: string | null;
  flaggedFields: unknown;
  scores: unknown;
  amountFen: number | string | null;
  attachments: unknown;
  coiDeclared: boolean;
  occurredAt: string | Date;
  workflowKey: string | null;
  workflowVersion: number | null;
  formHash: string | null;
  /** at submission and resubmission: the hash of the answers as submitted (the answers are kept beside) */
  answersHash?: string | null;
  prevHash: string;
  /** the record format (LEDGER_FORMAT); absent or null in records of format 1 */
  format?: number | null;
  /** format 2: what the record is about beyond the application (an objection, a 公示 batch) */
  subject?: Record<string, unknown> | null;
}

/** JSON with sorted keys and no insignificant whitespace; undefined becomes null. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

const nullable = <T>(value: T | undefined | null) => (value === undefined || value === null ? null : value);

/** The exact content that is hashed, with types normalised. */
export function ledgerContent(entry: LedgerEntry) {
  return {
    applicationId: entry.applicationId,
    seq: Number(entry.seq),
    stage: entry.stage,
    action: entry.action,
    fromState: entry.fromState,
    toState: entry.toState,
    actorType: entry.actorType,
    actorId: nullable(entry.actorId),
    actorName: nullable(entry.actorName),
    actorRole: nullable(entry.actorRole),
    actorDistrict: nullable(entry.actorDistrict),
    actorInstitution: nullable(entry.actorInstitution),
    opinion: nullable(entry.opinion),
    flaggedFields: nullable(entry.flaggedFields),
    scores: nullable(entry.scores),
    amountFen: entry.amountFen === null || entry.amountFen === undefined ? null : String(entry.amountFen),
    attachments: nullable(entry.attachments),
    coiDeclared: entry.coiDeclared === true,
    occurredAt: new Date(entry.occurredAt).toISOString(),
    workflowKey: nullable(entry.workflowKey),
    workflowVersion: entry.workflowVersion === null || entry.workflowVersion === undefined ? null : Number(entry.workflowVersion),
    formHash: nullable(entry.formHash),
    answersHash: nullable(entry.answersHash),
    prevHash: entry.prevHash,
    ...(Number(entry.format ?? 1) >= 2 ? { format: Number(entry.format), subject: nullable(entry.subject) } : {}),
  };
}

export const hashEntry = (entry: LedgerEntry) => createHash('sha256').update(canonicalJson(ledgerContent(entry))).digest('hex');

export interface StoredEntry extends LedgerEntry {
  id: string | number;
  hash: string;
}

export interface ChainBreak {
  id: string | number;
  seq: number;
  reason: 'hash_mismatch' | 'broken_link' | 'sequence_gap';
  message: string;
}

/** Recomputes one application's chain (records in seq order) and reports the first broken record. */
export function verifyChain(entries: StoredEntry[]): ChainBreak | null {
  let previousHash = GENESIS_HASH;
  for (const [index, entry] of entries.entries()) {
    const at = { id: entry.id, seq: Number(entry.seq) };
    if (Number(entry.seq) !== index + 1) {
      return { ...at, reason: 'sequence_gap', message: `第${index + 1}条记录缺失（出现的是第${entry.seq}条）` };
    }
    if (entry.prevHash !== previousHash) {
      return { ...at, reason: 'broken_link', message: '前一条记录的哈希不一致：记录被删除或篡改' };
    }
    if (hashEntry(entry) !== entry.hash) {
      return { ...at, reason: 'hash_mismatch', message: '记录内容与其哈希不一致：记录被篡改' };
    }
    previousHash = entry.hash;
  }
  return null;
}

export interface ChainHead {
  applicationId: string;
  seq: number;
  hash: string;
}

/**
 * One digest of the whole ledger at an instant: SHA-256 over each application's newest record
 * (`applicationId seq hash`, one line each, sorted by application). Anchored outside the system
 * (printed in the minutes, or an RFC 3161 timestamp), it pins every record up to that instant:
 * a record changed or removed afterwards changes its chain's hash, and so the digest.
 */
export function ledgerHead(heads: ChainHead[]): string {
  const lines = heads.map((h) => `${h.applicationId} ${h.seq} ${h.hash}\n`).sort();
  const digest = createHash('sha256');
  for (const line of lines) digest.update(line);
  return digest.digest('hex');
}
