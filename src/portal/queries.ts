import type { Core } from '@strapi/strapi';
import { parseFen } from '../domain/money';
import { ProgramValidity, validityChanges, validityPhase, validityText } from '../domain/program-validity';
import { nextChange } from './cache';
import type { HomeData, NoticeItem } from './pages/home';

/**
 * What the portal reads, through the document service so that only published content is seen
 * and the document middlewares apply. Each function returns view models, never raw documents.
 */
const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value));
/** Date attributes come back as YYYY-MM-DD strings on both databases; the generated types also allow a Date. */
const validityOf = (program: unknown) => (program ?? {}) as ProgramValidity;

export async function loadHome(strapi: Core.Strapi, now: Date, limit = 8): Promise<HomeData> {
  const [articles, consultations, calls, programs, publicity] = await Promise.all([
    strapi.documents('api::article.article').findMany({
      status: 'published',
      filters: { category: 'notice' },
      sort: 'issuedAt:desc',
      limit,
    }),
    strapi.documents('api::consultation.consultation').findMany({
      status: 'published',
      sort: 'issuedAt:desc',
      limit,
    }),
    strapi.documents('api::task-spec.task-spec').findMany({
      status: 'published',
      filters: { closesAt: { $gt: now.toISOString() } },
      sort: 'closesAt:asc',
      populate: ['program'],
    }),
    strapi.documents('api::program.program').findMany({ sort: 'sortOrder:asc' }),
    // Scheduled batches too: their start is when this page next changes.
    strapi.documents('api::publicity.publicity').findMany({ filters: { phase: { $ne: 'closed' }, endsAt: { $gt: now.toISOString() } }, sort: 'endsAt:asc' }),
  ]);
  const runningPublicity = publicity.filter((batch) => new Date(batch.startsAt as any) <= now);

  const notices: NoticeItem[] = [
    ...articles.map((a) => ({ kind: 'article' as const, title: a.title ?? '', href: `/notices/${encodeURIComponent(a.slug ?? '')}`, summary: a.summary, issuedAt: iso(a.issuedAt), issuer: a.issuer })),
    ...consultations.map((c) => ({
      kind: 'consultation' as const,
      title: c.title ?? '',
      href: `/consultations/${encodeURIComponent(c.documentId)}`,
      summary: c.summary,
      issuedAt: iso(c.issuedAt),
      issuer: c.issuer,
      deadline: iso(c.deadline),
    })),
  ]
    .sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))
    .slice(0, limit);

  // Calls not yet open are read too: their opening is when this page next changes. A call whose
  // programme is not in force (第十四条) takes no application, whatever its window says.
  const open = calls.filter((call) => new Date(call.opensAt as any) <= now && validityPhase(validityOf(call.program), now) === 'in_force');
  return {
    now,
    notices,
    validUntil: nextChange(now, [
      ...calls.flatMap((call) => [call.opensAt, call.closesAt, ...validityChanges(validityOf(call.program))]),
      ...programs.flatMap((p) => validityChanges(validityOf(p))),
      ...consultations.map((c) => c.deadline),
      ...publicity.flatMap((b) => [b.startsAt, b.endsAt]),
    ] as Array<string | Date>),
    publicity: runningPublicity.map((batch) => ({ documentId: batch.documentId, title: batch.title ?? '', kind: String(batch.kind), endsAt: iso(batch.endsAt) })),
    openCalls: open.map((call) => ({
      documentId: call.documentId,
      title: call.title ?? '',
      programName: call.program?.name,
      summary: call.summary,
      opensAt: iso(call.opensAt),
      closesAt: iso(call.closesAt),
    })),
    programs: programs.map((p) => ({
      name: p.name ?? '',
      capFen: parseFen(p.capFen, 'capFen'),
      ratioBp: p.ratioBp ?? 0,
      baseDescription: p.baseDescription ?? '',
      validity: validityText(validityOf(p)),
      contactPhone: p.contactPhone,
      contactEmail: p.contactEmail,
    })),
  };
}
