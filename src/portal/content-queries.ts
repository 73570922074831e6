import type { Core } from '@strapi/strapi';
import { nextChange } from './cache';
import { ArticleDetail, ArticleList, Section } from './pages/articles';
import { OUTSIDE_VALIDITY, validityChanges, validityProblem, validityText } from '../domain/program-validity';
import { CallDetail, CallSummary, callState } from './pages/calls';
import { PAGE_SIZE, iso, toPublicFiles } from './pages/shared';

/**
 * Loaders for the public content pages. Everything goes through the document service with
 * `status: 'published'`, so drafts are never shown; each returns a view model.
 */

const SECTION_CATEGORIES: Record<Section, string[]> = { notices: ['notice', 'policy', 'result'], guidelines: ['guideline'] };

export async function loadArticleList(strapi: Core.Strapi, section: Section, query: Record<string, string | undefined>, page: number): Promise<ArticleList> {
  const categories = SECTION_CATEGORIES[section];
  const category = query.category && categories.includes(query.category) ? query.category : undefined;
  const programs = await strapi.documents('api::program.program').findMany({ sort: 'sortOrder:asc', fields: ['key', 'name'] });
  const programKey = query.program && programs.some((p) => p.key === query.program) ? query.program : undefined;
  const filters: any = { category: category ? category : { $in: categories } };
  if (programKey) filters.program = { key: programKey };
  const [items, total] = await Promise.all([
    strapi.documents('api::article.article').findMany({ status: 'published', filters, sort: ['issuedAt:desc', 'id:desc'], start: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    strapi.documents('api::article.article').count({ status: 'published', filters }),
  ]);
  return {
    section,
    page,
    total,
    query: { category, program: programKey, page: String(page) },
    categories,
    programs: programs.map((p) => ({ key: p.key ?? '', name: p.name ?? '' })),
    items: items.map((a) => ({
      slug: a.slug ?? '',
      title: a.title ?? '',
      summary: a.summary,
      category: String(a.category),
      issuedAt: iso(a.issuedAt),
      issuer: a.issuer,
      docNumber: a.docNumber,
    })),
  };
}

export async function loadArticle(strapi: Core.Strapi, section: Section, slug: string): Promise<ArticleDetail | null> {
  const a: any = await strapi.documents('api::article.article').findFirst({
    status: 'published',
    filters: { slug, category: { $in: SECTION_CATEGORIES[section] as any } },
    populate: ['program', 'attachments'],
  });
  if (!a) return null;
  return {
    slug: a.slug,
    title: a.title ?? '',
    summary: a.summary,
    category: String(a.category),
    issuedAt: iso(a.issuedAt),
    issuer: a.issuer,
    docNumber: a.docNumber,
    body: a.body,
    programName: a.program?.name,
    attachments: toPublicFiles(a.attachments),
  };
}

const callSummary = (call: any, now: Date): CallSummary => ({
  documentId: call.documentId,
  slug: call.slug ?? '',
  title: call.title ?? '',
  summary: call.summary,
  programName: call.program?.name,
  opensAt: iso(call.opensAt),
  closesAt: iso(call.closesAt),
  state: callState(iso(call.opensAt), iso(call.closesAt), now, call.program ?? {}),
  notAccepting: validityProblem(call.program ?? {}, now, OUTSIDE_VALIDITY.apply)?.message ?? null,
  validity: call.program ? validityText(call.program) : null,
});

/** When a call's page changes by the clock alone: its window opens or closes, its programme comes into force or lapses. */
const callChanges = (call: any) => [iso(call.opensAt), iso(call.closesAt), ...validityChanges(call.program ?? {})];

export async function loadCalls(strapi: Core.Strapi, now: Date): Promise<{ calls: CallSummary[]; validUntil: number }> {
  const rows = await strapi.documents('api::task-spec.task-spec').findMany({ status: 'published', populate: ['program'], sort: 'closesAt:asc' });
  const calls = rows.map((row) => callSummary(row, now));
  // Open first (closing soonest first), then upcoming (opening soonest first), then closed (latest first).
  const order = { open: 0, upcoming: 1, closed: 2 } as const;
  calls.sort((a, b) => {
    if (a.state !== b.state) return order[a.state] - order[b.state];
    if (a.state === 'upcoming') return a.opensAt.localeCompare(b.opensAt);
    if (a.state === 'closed') return b.closesAt.localeCompare(a.closesAt);
    return a.closesAt.localeCompare(b.closesAt);
  });
  return { calls, validUntil: nextChange(now, rows.flatMap(callChanges)) };
}

/** A call by its documentId or its slug. */
export async function loadCall(strapi: Core.Strapi, id: string, now: Date): Promise<{ call: CallDetail; validUntil: number } | null> {
  const row: any = await strapi.documents('api::task-spec.task-spec').findFirst({
    status: 'published',
    filters: { $or: [{ documentId: id }, { slug: id }] },
    populate: ['program', 'buildTasks', 'materials', 'attachments'],
  });
  if (!row) return null;
  return {
    validUntil: nextChange(now, callChanges(row)),
    call: {
      ...callSummary(row, now),
      year: row.year,
      body: row.body,
      buildTasks: (row.buildTasks ?? []).map((t: any) => ({ title: t.title ?? '', description: t.description, acceptanceCriteria: t.acceptanceCriteria, deadline: t.deadline ? iso(t.deadline) : null })),
      materials: (row.materials ?? []).map((m: any) => ({ name: m.name ?? '', stage: m.stage ?? 'application', required: m.required !== false, acceptedTypes: m.acceptedTypes, note: m.note })),
      attachments: toPublicFiles(row.attachments),
      contact: row.program ? { phone: row.program.contactPhone, email: row.program.contactEmail } : null,
    },
  };
}
