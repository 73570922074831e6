/**
 * The access matrix (issue 9): every route that reads or changes an application, its files or
 * its records, and what each caller gets, in each state of the application where that matters.
 * `tests/integration/access-matrix.test.ts` sends every cell as a real HTTP request.
 *
 * A cell is 'allow' (any 2xx) or the exact status of the refusal. 302 is the portal's answer to
 * a visitor without a portal session (to /login) and to a page the state does not offer (to the
 * application's page). A portal form post answers an accepted post with a redirect too: there
 * 'allow' is a 302 to the page that says it was done (`?saved=1`, `?completed=1`, `?reported=1`),
 * and a 302 anywhere else is the refusal. A role whose answer is the same in every state has one value; it is then
 * sent once for the write routes (on the district_review application) and in every state for
 * the read routes, except where the refusal comes before the application is looked up at all
 * (401, 405, the portal's 302 and the anonymous caller): those are sent once. `byNumericId` is the answer to the same request naming the row's numeric id
 * instead of its documentId: a numeric id never opens anything.
 *
 * The callers. Applicant A owns every application of the matrix (东湖高新区); applicant B is
 * another organisation in 江岸区. Staff are the demo seed's, plus an institution and a district
 * reviewer of their own:
 *
 * | role                | who                                            | sees (src/api/application/support/scope.ts) |
 * |---------------------|------------------------------------------------|---------------------------------------------|
 * | districtOwn         | district.reviewer@ (东湖高新区)                  | every application of its district, drafts too |
 * | districtOther       | jiangan.reviewer@ (江岸区)                       | none of A's                                  |
 * | city, finance       | city.reviewer@, finance@                        | everything                                   |
 * | institutionAssigned | institution@ (演示会计师事务所)                   | what it is assigned: the data product chain's third_party_review and expert_review, and the dataset chain from evaluation on (evaluation … clawed_back) |
 * | institutionOther    | another firm, never assigned                    | nothing                                      |
 * | expertAssigned      | expert@                                         | expert_review                                |
 * | expertOther         | expert5@, of another field: never drawn         | nothing                                      |
 * | editor              | editor@ (content only)                          | no application                               |
 * | superAdmin          | admin@, no reviewer profile                     | everything in the Content Manager; no workflow role, so nothing on the desk |
 */

export const ROLES = [
  'anonymous',
  'applicantA',
  'applicantB',
  'districtOwn',
  'districtOther',
  'city',
  'institutionAssigned',
  'institutionOther',
  'expertAssigned',
  'expertOther',
  'finance',
  'editor',
  'superAdmin',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * The states of A's applications: every state of both chains (src/domain/workflow/definitions.ts).
 * Each is built on the dataset chain (第九条), except the data product chain's own outside
 * reviews (第十条: third_party_review, expert_review). award_publicity is built before its 公示
 * is started (entity_publicity is built with its 公示 running); withdrawn is a draft withdrawn by
 * the applicant; clawed_back was paid, then clawed back by finance with a finding.
 */
export const STATES = [
  'draft',
  'district_review',
  'returned',
  'city_review',
  'third_party_review',
  'expert_review',
  'entity_publicity',
  'construction',
  'evaluation',
  'award_publicity',
  'disbursement_plan',
  'party_group_review',
  'payment',
  'disbursed',
  'rejected',
  'withdrawn',
  'clawed_back',
] as const;
export type State = (typeof STATES)[number];

export type Outcome = 'allow' | 302 | 400 | 401 | 403 | 404 | 405 | 409;
/** One outcome for every state, or one per state with `other` for the rest. */
export type Cell = Outcome | (Partial<Record<State, Outcome>> & { other: Outcome });

export type Target = 'application' | 'file' | 'record' | 'objection' | 'publicity' | 'organization' | 'none';
/** Targets that are not one of A's applications by state: each cell is sent once. */
export const UNSTATED_TARGETS: readonly Target[] = ['none', 'objection', 'publicity', 'organization'];

export interface Route {
  /** method and path, as routed */
  route: string;
  /** what the path's :id names: an application, one of its files, its first review record, … */
  target: Target;
  /** a write: a refused cell must leave the database as it was */
  writes?: boolean;
  /** what the request sends, where it matters */
  sends?: string;
  cells: Record<Role, Cell>;
  /** the same request with the numeric id; by role, `other` for the rest */
  byNumericId?: Partial<Record<Role, Outcome>> & { other: Outcome };
}

const STAFF = ['districtOwn', 'districtOther', 'city', 'institutionAssigned', 'institutionOther', 'expertAssigned', 'expertOther', 'finance', 'editor', 'superAdmin'] as const satisfies readonly Role[];
type StaffRole = (typeof STAFF)[number];
const staff = (outcome: Outcome) => Object.fromEntries(STAFF.map((role) => [role, outcome])) as Record<StaffRole, Outcome>;
const only = (allowed: State[], other: Outcome, inAllowed: Outcome = 'allow'): Cell => ({ ...Object.fromEntries(allowed.map((s) => [s, inAllowed])), other });
/** A cell with some states' outcomes set (or replaced). */
const withStates = (cell: Cell, states: Partial<Record<State, Outcome>>): Cell => ({ ...(typeof cell === 'object' ? cell : { other: cell }), ...states });
const TERMINAL: State[] = ['rejected', 'withdrawn', 'clawed_back'];
const inStates = (states: State[], outcome: Outcome) => Object.fromEntries(states.map((s) => [s, outcome])) as Partial<Record<State, Outcome>>;

/** What each staff role may see of A's applications (the table above), as a cell: allowed there, `denied` elsewhere. */
const SEES: Record<StaffRole, State[] | 'all' | 'none'> = {
  districtOwn: 'all',
  districtOther: 'none',
  city: 'all',
  institutionAssigned: ['third_party_review', 'expert_review', 'evaluation', 'award_publicity', 'disbursement_plan', 'party_group_review', 'payment', 'disbursed', 'clawed_back'],
  institutionOther: 'none',
  expertAssigned: ['expert_review'],
  expertOther: 'none',
  finance: 'all',
  editor: 'none',
  superAdmin: 'none',
};
export function staffSees(role: Role, state: State): boolean {
  const seen = (SEES as Record<string, State[] | 'all' | 'none' | undefined>)[role];
  return seen === 'all' || (Array.isArray(seen) && seen.includes(state));
}
/** The desk's scoping: where the role sees the application `seen`, elsewhere `unseen`. */
const scoped = (seen: Outcome, unseen: Outcome) =>
  Object.fromEntries(STAFF.map((role) => {
    const s = SEES[role];
    return [role, s === 'all' ? seen : s === 'none' ? unseen : only(s, unseen, seen)];
  })) as Record<StaffRole, Cell>;

/** Content API (users-permissions): no token is the public role, which may do nothing here (403); an admin token is no users-permissions JWT (401). */
const CONTENT_API_OUTSIDERS = { anonymous: 403, ...staff(401) } as const;
/** Admin API (/shenbao, the Content Manager, /upload): no token, or a users-permissions JWT, is not an admin (401). */
const ADMIN_API_OUTSIDERS = { anonymous: 401, applicantA: 401, applicantB: 401 } as const;
/** The portal reads its session cookie only: without one (an admin bearer token is not one) it sends the visitor to /login. */
const PORTAL_OUTSIDERS = { anonymous: 302, ...staff(302) } as const;
/** A portal form post without a portal session (staff have none; their bearer token is not one): 请先登录 (401). */
const PORTAL_POST_OUTSIDERS = { anonymous: 401, ...staff(401) } as const;

/**
 * The staff transition, sent by each role as the action it would take: its own action at that
 * stage, else the stage's main action. In this order the route answers 403 when the role lacks
 * the stage action's permission, 404 when it may not see the application, 409 when the stage has
 * no such action (a terminal state).
 */
export const PROBE_ACTION: Record<State, Partial<Record<Role, string>> & { other: string }> = {
  draft: { other: 'submit' },
  district_review: { other: 'recommend' },
  returned: { other: 'resubmit' },
  third_party_review: { city: 'assign', other: 'pass' },
  expert_review: { city: 'reject', other: 'score' },
  entity_publicity: { other: 'reject' },
  construction: { other: 'submit_completion' },
  disbursement_plan: { other: 'propose' },
  city_review: { other: 'confirm' },
  evaluation: { city: 'assign', other: 'recognise' },
  award_publicity: { other: 'reject' },
  party_group_review: { other: 'approve' },
  payment: { other: 'pay' },
  disbursed: { other: 'clawback' },
  // the terminal states have no action: a late recommendation, a second withdrawal's equivalent, a second clawback
  rejected: { other: 'recommend' },
  withdrawn: { other: 'recommend' },
  clawed_back: { other: 'clawback' },
};

const TRANSITION: Record<Role, Cell> = {
  ...ADMIN_API_OUTSIDERS,
  // recommend in its district; at the other stages it lacks the permission; a terminal one it sees is final (409)
  districtOwn: { district_review: 'allow', ...inStates(TERMINAL, 409), other: 403 },
  // holds the recommend permission, but not for another district (404); elsewhere no permission
  districtOther: { district_review: 404, ...inStates(TERMINAL, 404), other: 403 },
  // confirms the entity, assigns the institution, rejects at the expert stage and in either 公示; not the district's or finance's steps
  city: { ...inStates(['city_review', 'third_party_review', 'expert_review', 'entity_publicity', 'evaluation', 'award_publicity'], 'allow'), ...inStates(TERMINAL, 409), other: 403 },
  // passes the data product review and recognises the dataset's investment where assigned; the clawed-back one it was assigned is final (409)
  institutionAssigned: { third_party_review: 'allow', evaluation: 'allow', rejected: 404, withdrawn: 404, clawed_back: 409, other: 403 },
  institutionOther: { third_party_review: 404, evaluation: 404, ...inStates(TERMINAL, 404), other: 403 },
  expertAssigned: { expert_review: 'allow', ...inStates(TERMINAL, 404), other: 403 },
  expertOther: { expert_review: 404, ...inStates(TERMINAL, 404), other: 403 },
  // the plan, the party group's approval (naming a recorded decision), the payment and the clawback
  finance: { ...inStates(['disbursement_plan', 'party_group_review', 'payment', 'disbursed'], 'allow'), ...inStates(TERMINAL, 409), other: 403 },
  // no stage permission anywhere; at a terminal state there is no permission to check, and it sees nothing
  editor: { ...inStates(TERMINAL, 404), other: 403 },
  // holds every permission, but has no workflow role: the engine refuses (no_workflow_role)
  superAdmin: 403,
};

/**
 * Starting a 公示 (the bulk publicity route, `kind` = the application's 公示 stage, entity_publicity
 * elsewhere): the city reviewer starts one at the 公示 stage, once (the entity_publicity
 * application's batch is open: 409; award_publicity's is not started yet: allowed). Without the
 * start_publicity permission at a 公示 stage 403; anywhere else the application is not at the
 * stage (409), unless the caller may not see it (404: neither its state nor its serial number is
 * told). The super admin holds the permission but no workflow role: at a 公示 stage the engine
 * refuses it (no_workflow_role, 403, before it looks at the batch); elsewhere, with no scope to
 * apply, it is told the application is not at the stage (409).
 */
const PUBLICITY_START = Object.fromEntries(
  STAFF.map((role) => {
    const atStage: Partial<Record<State, Outcome>> =
      role === 'city' ? { entity_publicity: 409, award_publicity: 'allow' } : { entity_publicity: 403, award_publicity: 403 };
    return [role, withStates(role === 'superAdmin' ? 409 : scoped(409, 404)[role], atStage)];
  }),
) as Record<StaffRole, Cell>;

export const MATRIX: Route[] = [
  // ─── The applicant's JSON API (/api, users-permissions JWT) ───
  {
    route: 'GET /api/applications',
    target: 'none',
    // each applicant lists its own organisation's applications only (checked in the test)
    cells: { ...CONTENT_API_OUTSIDERS, applicantA: 'allow', applicantB: 'allow' },
  },
  {
    route: 'POST /api/applications',
    target: 'none',
    writes: true,
    sends: 'a draft for the dataset call',
    cells: { ...CONTENT_API_OUTSIDERS, applicantA: 'allow', applicantB: 'allow' },
  },
  {
    route: 'GET /api/applications/:id',
    target: 'application',
    // another organisation's: 404, never 403, so the id leaks nothing
    cells: { ...CONTENT_API_OUTSIDERS, applicantA: 'allow', applicantB: 404 },
    byNumericId: { anonymous: 403, ...staff(401), other: 404 },
  },
  {
    route: 'PUT /api/applications/:id',
    target: 'application',
    writes: true,
    sends: '{ title } unchanged',
    // a draft is edited freely; a returned one only in its flagged fields (summary), so not its title; after submission
    // not at all, nor once withdrawn (409)
    cells: { ...CONTENT_API_OUTSIDERS, applicantA: { draft: 'allow', returned: 403, other: 409 }, applicantB: 404 },
    byNumericId: { anonymous: 403, ...staff(401), other: 404 },
  },
  {
    route: 'DELETE /api/applications/:id',
    target: 'application',
    writes: true,
    // not routed: an application is withdrawn through the chain, never deleted
    cells: { anonymous: 405, applicantA: 405, applicantB: 405, ...staff(405) },
    byNumericId: { other: 405 },
  },
  ...(['submit', 'withdraw', 'resubmit', 'completion'] as const).map(
    (step): Route => ({
      route: `POST /api/applications/:id/${step}`,
      target: 'application',
      writes: true,
      sends: '{ version } (and a file reference for completion)',
      // the owner's step in its own stage; the engine refuses it anywhere else (wrong_stage / terminal_state, 409),
      // and the data product chain has no completion step at all (unknown_action, 400)
      cells: {
        ...CONTENT_API_OUTSIDERS,
        applicantA: {
          [{ submit: 'draft', withdraw: 'draft', resubmit: 'returned', completion: 'construction' }[step]]: 'allow',
          ...(step === 'completion' ? { third_party_review: 400, expert_review: 400 } : {}),
          other: 409,
        } as Cell,
        applicantB: 404,
      },
      byNumericId: { anonymous: 403, ...staff(401), other: 404 },
    }),
  ),
  {
    route: 'POST /api/applications/:id/files',
    target: 'application',
    writes: true,
    sends: 'a PDF into the slot "application"',
    // drafts only; a returned application only in its flagged slots (summary is flagged, not this slot)
    cells: { ...CONTENT_API_OUTSIDERS, applicantA: { draft: 'allow', returned: 403, other: 409 }, applicantB: 404 },
    byNumericId: { anonymous: 403, ...staff(401), other: 404 },
  },
  {
    route: 'DELETE /api/applications/:id/files/:fileId',
    target: 'application',
    writes: true,
    sends: 'the application\'s own file in the slot "application"',
    // as the upload: drafts only; a returned application only in its flagged slots (summary is flagged, not this slot)
    cells: { ...CONTENT_API_OUTSIDERS, applicantA: { draft: 'allow', returned: 403, other: 409 }, applicantB: 404 },
    byNumericId: { anonymous: 403, ...staff(401), other: 404 },
  },
  {
    route: 'GET /api/files/:id',
    target: 'file',
    cells: { ...CONTENT_API_OUTSIDERS, applicantA: 'allow', applicantB: 404 },
    byNumericId: { anonymous: 403, ...staff(401), other: 404 },
  },

  // ─── The review desk's admin API (/shenbao, admin JWT) ───
  {
    route: 'GET /shenbao/inbox',
    target: 'none',
    // every staff member has a queue, empty without a workflow role; only in-scope applications (checked)
    cells: { ...ADMIN_API_OUTSIDERS, ...staff('allow') },
  },
  {
    route: 'GET /shenbao/applications',
    target: 'none',
    // scoped on the server (checked in the test); empty for roles that see nothing
    cells: { ...ADMIN_API_OUTSIDERS, ...staff('allow') },
  },
  {
    route: 'GET /shenbao/applications/:id',
    target: 'application',
    cells: { ...ADMIN_API_OUTSIDERS, ...scoped('allow', 404) },
    byNumericId: { ...ADMIN_API_OUTSIDERS, other: 404 },
  },
  {
    route: 'GET /shenbao/applications/:id/actions',
    target: 'application',
    cells: { ...ADMIN_API_OUTSIDERS, ...scoped('allow', 404) },
    byNumericId: { ...ADMIN_API_OUTSIDERS, other: 404 },
  },
  {
    route: 'POST /shenbao/applications/:id/transitions',
    target: 'application',
    writes: true,
    sends: 'PROBE_ACTION at the current version, with what the action requires',
    cells: TRANSITION,
    // the numeric id finds no application: 404 for every staff role
    byNumericId: { ...ADMIN_API_OUTSIDERS, other: 404 },
  },
  {
    route: 'POST /shenbao/bulk/transitions',
    target: 'application',
    writes: true,
    sends: 'PROBE_ACTION for [{ documentId, version }]',
    // the same checks as the single transition, one application at a time; but assignments are made
    // one application at a time (the bulk route takes no assignees: 400)
    cells: { ...TRANSITION, city: withStates(TRANSITION.city, { third_party_review: 400, evaluation: 400 }) },
    byNumericId: { ...ADMIN_API_OUTSIDERS, other: 404 },
  },
  {
    route: 'POST /shenbao/applications/:id/files',
    target: 'application',
    writes: true,
    sends: 'a PDF',
    // only a staff step that needs a document takes one: finance's clawback, after payment; the city's evidence records in its
    // review (现场调研, 核实) and its supervision records after payment; every other state has none (409); unseen 404
    cells: { ...ADMIN_API_OUTSIDERS, ...scoped(409, 404), finance: { disbursed: 'allow', other: 409 }, city: { city_review: 'allow', disbursed: 'allow', other: 409 } },
    byNumericId: { ...ADMIN_API_OUTSIDERS, other: 404 },
  },
  {
    route: 'POST /shenbao/bulk/publicity',
    target: 'application',
    writes: true,
    sends: '{ kind: award_publicity for the award_publicity application, else entity_publicity, applications: [documentId] }',
    // PUBLICITY_START above
    cells: { ...ADMIN_API_OUTSIDERS, ...PUBLICITY_START },
    byNumericId: { ...ADMIN_API_OUTSIDERS, other: 404 },
  },
  {
    route: 'POST /shenbao/party-decisions',
    target: 'none',
    writes: true,
    sends: 'a meeting date, a new minute number and a PDF scan',
    cells: { ...ADMIN_API_OUTSIDERS, ...staff(403), finance: 'allow' },
  },
  {
    route: 'GET /shenbao/party-decisions',
    target: 'none',
    cells: { ...ADMIN_API_OUTSIDERS, ...staff(403), finance: 'allow', city: 'allow' },
  },
  {
    route: 'POST /shenbao/objections/:id/finding',
    target: 'objection',
    writes: true,
    sends: 'dismissed, with a reason and a reply (an open objection to the entity_publicity application)',
    // the city reviewer decides objections; a numeric id finds none (404)
    cells: { ...ADMIN_API_OUTSIDERS, ...staff(403), city: 'allow' },
    byNumericId: { ...ADMIN_API_OUTSIDERS, ...staff(403), city: 404, other: 404 },
  },
  {
    route: 'GET /shenbao/supervision',
    target: 'none',
    // 市数据局审核, 资金拨付 and district reviewers (their district); nobody else
    cells: { ...ADMIN_API_OUTSIDERS, ...staff(403), city: 'allow', finance: 'allow', districtOwn: 'allow', districtOther: 'allow' },
  },
  {
    route: 'GET /shenbao/dashboard',
    target: 'none',
    // scoped counts; empty for roles that see nothing
    cells: { ...ADMIN_API_OUTSIDERS, ...staff('allow') },
  },
  {
    route: 'GET /shenbao/home',
    target: 'none',
    // the caller's to-do, 公示 and funnel within its scope; empty for roles that see nothing
    cells: { ...ADMIN_API_OUTSIDERS, ...staff('allow') },
  },
  {
    route: 'GET /shenbao/exports/applications',
    target: 'none',
    sends: '?format=csv&state=<each state> (scoped rows checked)',
    // any staff role with a scope; none without one (an unassigned firm or expert, the editor, the super admin)
    cells: { ...ADMIN_API_OUTSIDERS, ...staff('allow'), institutionOther: 403, expertOther: 403, editor: 403, superAdmin: 403 },
  },
  {
    route: 'GET /shenbao/exports/publicity/:id',
    target: 'publicity',
    // the 公示 list is public: any staff role; the super admin has no workflow role
    cells: { ...ADMIN_API_OUTSIDERS, ...staff('allow'), superAdmin: 403 },
    byNumericId: { ...ADMIN_API_OUTSIDERS, superAdmin: 403, other: 404 },
  },
  {
    route: 'GET /shenbao/exports/disbursements',
    target: 'none',
    cells: { ...ADMIN_API_OUTSIDERS, ...staff(403), finance: 'allow', city: 'allow' },
  },
  {
    route: 'POST /shenbao/credit-records/import',
    target: 'none',
    writes: true,
    sends: "a CSV listing B's organisation",
    // who may create credit records in the Content Manager: the city reviewer, and the super admin
    cells: { ...ADMIN_API_OUTSIDERS, ...staff(403), city: 'allow', superAdmin: 'allow' },
  },
  {
    route: 'GET /shenbao/calendar/status',
    target: 'none',
    cells: { ...ADMIN_API_OUTSIDERS, ...staff('allow') },
  },
  {
    route: 'POST /shenbao/calendar/import',
    target: 'none',
    writes: true,
    sends: 'the holiday-cn 2027 fixture',
    cells: { ...ADMIN_API_OUTSIDERS, ...staff(403), city: 'allow', superAdmin: 'allow' },
  },
  {
    route: 'GET /shenbao/consultation-feedback/export',
    target: 'none',
    // who may read consultation feedback: the editor, and the super admin
    cells: { ...ADMIN_API_OUTSIDERS, ...staff(403), editor: 'allow', superAdmin: 'allow' },
  },

  // ─── The Content Manager ───
  {
    route: 'GET /content-manager/collection-types/api::application.application',
    target: 'none',
    // read permission with the scope conditions (rows checked); the editor has none
    cells: { ...ADMIN_API_OUTSIDERS, ...staff('allow'), editor: 403 },
  },
  {
    route: 'GET /content-manager/collection-types/api::application.application/:id',
    target: 'application',
    // the RBAC condition checks the document: out of scope 403; the super admin reads everything
    cells: { ...ADMIN_API_OUTSIDERS, ...scoped('allow', 403), editor: 403, superAdmin: 'allow' },
    byNumericId: { ...ADMIN_API_OUTSIDERS, editor: 403, other: 404 },
  },
  {
    route: 'PUT /content-manager/collection-types/api::application.application/:id',
    target: 'application',
    writes: true,
    sends: '{ title } changed',
    // no staff role may update applications; the super admin may touch a draft, never what was
    // submitted and is under review, nor a returned one (the applicant corrects the flagged fields
    // and nothing else), nor a withdrawn draft
    cells: { ...ADMIN_API_OUTSIDERS, ...staff(403), superAdmin: { draft: 'allow', other: 403 } },
    byNumericId: { ...ADMIN_API_OUTSIDERS, ...staff(403), superAdmin: 404, other: 404 },
  },
  {
    route: 'DELETE /content-manager/collection-types/api::application.application/:id',
    target: 'application',
    writes: true,
    // only a draft, and only by the super admin (the guard: 已提交的申报不能删除); a withdrawn draft neither, its
    // withdrawal being in the ledger
    cells: { ...ADMIN_API_OUTSIDERS, ...staff(403), superAdmin: { draft: 'allow', other: 403 } },
    byNumericId: { ...ADMIN_API_OUTSIDERS, ...staff(403), superAdmin: 404, other: 404 },
  },
  // Scope everywhere (issue 21): applicant organisations, and the relation pickers that list
  // organisations and applications. A's organisation is in 东湖高新区, B's in 江岸区.
  {
    route: 'GET /content-manager/collection-types/api::organization.organization',
    target: 'none',
    // the city reviewer all; a district reviewer its district's only (rows checked); the super admin all; nobody else reads them
    cells: { ...ADMIN_API_OUTSIDERS, ...staff(403), districtOwn: 'allow', districtOther: 'allow', city: 'allow', superAdmin: 'allow' },
  },
  {
    route: 'GET /content-manager/collection-types/api::organization.organization?filters[district][code][$eq]=420102',
    target: 'none',
    // a filter naming 江岸区 is within the condition: the district reviewer of 东湖高新区 gets an empty list (rows checked)
    cells: { ...ADMIN_API_OUTSIDERS, ...staff(403), districtOwn: 'allow', districtOther: 'allow', city: 'allow', superAdmin: 'allow' },
  },
  {
    route: 'GET /content-manager/collection-types/api::organization.organization/:id',
    target: 'organization',
    // A's organisation: its own district reviewer, the city reviewer and the super admin; another district 403
    cells: { ...ADMIN_API_OUTSIDERS, ...staff(403), districtOwn: 'allow', city: 'allow', superAdmin: 'allow' },
    byNumericId: { ...ADMIN_API_OUTSIDERS, ...staff(403), districtOwn: 404, districtOther: 404, city: 404, superAdmin: 404, other: 404 },
  },
  {
    route: 'GET /content-manager/relations/api::application.application/organization',
    target: 'none',
    // the picker of an application's organisation: the organisations the caller may read (rows checked); open to every
    // reader of applications, but those who read no organisation get ids only (Strapi's rule; checked); the editor reads
    // no application (Strapi answered it 500: src/extensions/content-manager)
    cells: { ...ADMIN_API_OUTSIDERS, ...staff('allow'), editor: 403 },
  },
  {
    route: 'GET /content-manager/relations/api::review-record.review-record/application',
    target: 'none',
    // the picker of a record's application lists the applications the caller sees (rows checked)
    cells: { ...ADMIN_API_OUTSIDERS, ...staff('allow'), expertAssigned: 403, expertOther: 403, editor: 403 },
  },
  {
    route: 'GET /content-manager/relations/api::application.application/:id/organization',
    target: 'application',
    // an application's organisation, for those who may read the application
    cells: { ...ADMIN_API_OUTSIDERS, ...scoped('allow', 403), editor: 403, superAdmin: 'allow' },
    byNumericId: { ...ADMIN_API_OUTSIDERS, editor: 403, other: 404 },
  },
  {
    route: 'GET /content-manager/collection-types/api::review-record.review-record',
    target: 'none',
    // experts and the editor do not read review records; the rest scoped (rows checked)
    cells: { ...ADMIN_API_OUTSIDERS, ...staff('allow'), expertAssigned: 403, expertOther: 403, editor: 403 },
  },
  {
    route: 'GET /content-manager/collection-types/api::review-record.review-record/:id',
    target: 'record',
    // the application's first record (a draft has none: not sent). The city reviewer, finance and the super admin read
    // every record; the district reviewer and the institution those of the applications they see (found by this matrix:
    // they were refused even those, until the conditions named the application by a dotted path: staff-rbac.ts);
    // experts and the editor none
    cells: { ...ADMIN_API_OUTSIDERS, ...scoped('allow', 403), expertAssigned: 403, expertOther: 403, editor: 403, superAdmin: 'allow' },
    byNumericId: { ...ADMIN_API_OUTSIDERS, expertAssigned: 403, expertOther: 403, editor: 403, other: 404 },
  },
  {
    route: 'PUT /content-manager/collection-types/api::review-record.review-record/:id',
    target: 'record',
    writes: true,
    sends: '{ opinion } changed',
    // nobody rewrites the ledger, the super admin included
    cells: { ...ADMIN_API_OUTSIDERS, ...staff(403) },
    byNumericId: { ...ADMIN_API_OUTSIDERS, ...staff(403), superAdmin: 404, other: 404 },
  },
  {
    route: 'DELETE /content-manager/collection-types/api::review-record.review-record/:id',
    target: 'record',
    writes: true,
    cells: { ...ADMIN_API_OUTSIDERS, ...staff(403) },
    byNumericId: { ...ADMIN_API_OUTSIDERS, ...staff(403), superAdmin: 404, other: 404 },
  },

  // ─── The upload plugin's own routes ───
  {
    route: 'GET /api/upload/files',
    target: 'none',
    // closed to applicants and the public: application files are private attachments, not media
    cells: { ...CONTENT_API_OUTSIDERS, applicantA: 403, applicantB: 403 },
  },
  {
    route: 'POST /api/upload',
    target: 'none',
    writes: true,
    sends: 'a PDF',
    cells: { ...CONTENT_API_OUTSIDERS, applicantA: 403, applicantB: 403 },
  },
  {
    route: 'GET /upload/files',
    target: 'none',
    // the media library: the roles that manage content (editor, city reviewer) and the super admin
    cells: { ...ADMIN_API_OUTSIDERS, ...staff(403), editor: 'allow', city: 'allow', superAdmin: 'allow' },
  },

  // ─── The portal's pages (session cookie) ───
  {
    route: 'GET /me/applications/:id',
    target: 'application',
    cells: { ...PORTAL_OUTSIDERS, applicantA: 'allow', applicantB: 404 },
    byNumericId: { ...PORTAL_OUTSIDERS, other: 404 },
  },
  {
    route: 'GET /me/applications/:id/edit',
    target: 'application',
    // the form for a draft or a returned application; any other state goes to the application's page
    cells: { ...PORTAL_OUTSIDERS, applicantA: { draft: 'allow', returned: 'allow', other: 302 }, applicantB: 404 },
    byNumericId: { ...PORTAL_OUTSIDERS, other: 404 },
  },
  {
    route: 'GET /me/applications/:id/receipt',
    target: 'application',
    // a draft has no receipt yet, nor a draft withdrawn before submission: to the application's page
    cells: { ...PORTAL_OUTSIDERS, applicantA: { draft: 302, withdrawn: 302, other: 'allow' }, applicantB: 404 },
    byNumericId: { ...PORTAL_OUTSIDERS, other: 404 },
  },
  {
    route: 'GET /files/:id',
    target: 'file',
    cells: { ...PORTAL_OUTSIDERS, applicantA: 'allow', applicantB: 404 },
    byNumericId: { ...PORTAL_OUTSIDERS, other: 404 },
  },

  // ─── The portal's forms (session cookie and CSRF token; each post carries a valid token) ───
  {
    route: 'POST /me/applications/:id/edit',
    target: 'application',
    writes: true,
    sends: 'intent=save: the form fields of a draft, or the flagged summary of a returned application',
    // saved (to ?saved=1) in a draft or a returned application; any other state goes to the application's page,
    // changing nothing. Without a portal session: 401 (a post is not sent to /login)
    cells: { ...PORTAL_POST_OUTSIDERS, applicantA: { draft: 'allow', returned: 'allow', other: 302 }, applicantB: 404 },
    byNumericId: { ...PORTAL_POST_OUTSIDERS, other: 404 },
  },
  {
    route: 'POST /me/applications/:id/completion',
    target: 'application',
    writes: true,
    sends: 'version and a PDF for each required item of 建设完成材料',
    // only while the stage offers submit_completion (construction); elsewhere 当前环节不能提交建设完成材料 (409)
    cells: { ...PORTAL_POST_OUTSIDERS, applicantA: { construction: 'allow', other: 409 }, applicantB: 404 },
    byNumericId: { ...PORTAL_POST_OUTSIDERS, other: 404 },
  },
  {
    route: 'POST /me/applications/:id/performance',
    target: 'application',
    writes: true,
    sends: 'the 绩效自评 of period self_evaluation#1, with a PDF',
    // only after payment (disbursed); a clawed-back award reports nothing more (资金拨付后才能报送绩效自评, 409)
    cells: { ...PORTAL_POST_OUTSIDERS, applicantA: { disbursed: 'allow', other: 409 }, applicantB: 404 },
    byNumericId: { ...PORTAL_POST_OUTSIDERS, other: 404 },
  },
];

/** The expected outcome of one cell. */
export function expected(cell: Cell, state: State): Outcome {
  return typeof cell === 'object' ? (cell[state] ?? cell.other) : cell;
}
