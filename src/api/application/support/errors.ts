/** The error names Strapi's own errors carry, by status. */
const ERROR_NAMES: Record<number, string> = { 400: 'ValidationError', 403: 'ForbiddenError', 404: 'NotFoundError', 409: 'ConflictError', 413: 'PayloadTooLargeError', 429: 'RateLimitError' };

/**
 * A refusal from the approval chain or the application rules, with its HTTP status. Strapi's
 * error middleware has no 409, so controllers answer these themselves, in Strapi's error shape.
 */
export class RefusalError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** every field-level problem, for forms: [{ path, message }] */
    readonly errors?: Array<{ path: string; message: string }>,
    /** further facts for the caller, e.g. a budget's total and remainder */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = ERROR_NAMES[status];
  }
}

export const NOT_VISIBLE = () => new RefusalError(404, 'not_visible', '申报不存在或您无权查看');

interface Ctx {
  status: number;
  body: unknown;
}

/** Answers with a refusal in Strapi's error shape: `{ data: null, error: { status, name, message, details } }`. */
export function refuseWith(ctx: Ctx, status: number, message: string, details: Record<string, unknown>) {
  ctx.status = status;
  ctx.body = { data: null, error: { status, name: ERROR_NAMES[status] ?? 'ValidationError', message, details } };
}

/** Runs a controller body and turns a RefusalError into a 4xx response in Strapi's error shape. */
export async function answering(ctx: Ctx, work: () => Promise<unknown>) {
  try {
    ctx.body = await work();
  } catch (error) {
    if (!(error instanceof RefusalError)) throw error;
    refuseWith(ctx, error.status, error.message, { code: error.code, ...(error.field ? { field: error.field } : {}), ...(error.errors ? { errors: error.errors } : {}), ...(error.extra ?? {}) });
  }
}
