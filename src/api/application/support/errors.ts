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
    this.name = status === 404 ? 'NotFoundError' : status === 403 ? 'ForbiddenError' : status === 409 ? 'ConflictError' : 'ValidationError';
  }
}

export const NOT_VISIBLE = () => new RefusalError(404, 'not_visible', '申报不存在或您无权查看');

interface Ctx {
  status: number;
  body: unknown;
}

/** Runs a controller body and turns a RefusalError into a 4xx response in Strapi's error shape. */
export async function answering(ctx: Ctx, work: () => Promise<unknown>) {
  try {
    ctx.body = await work();
  } catch (error) {
    if (!(error instanceof RefusalError)) throw error;
    ctx.status = error.status;
    ctx.body = {
      data: null,
      error: {
        status: error.status,
        name: error.name,
        message: error.message,
        details: { code: error.code, ...(error.field ? { field: error.field } : {}), ...(error.errors ? { errors: error.errors } : {}), ...(error.extra ?? {}) },
      },
    };
  }
}
