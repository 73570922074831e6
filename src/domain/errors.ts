/**
 * Every refusal from the domain is a DomainError: a stable machine code, a Chinese message
 * that a person can act on, and the field it concerns when there is one. Adapters map these
 * to HTTP 4xx responses; nothing in the domain throws bare Errors on user input.
 */
export class DomainError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly field?: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: Code, message: string, options: { field?: string; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.field = options.field;
    this.details = options.details ?? {};
  }
}

export const isDomainError = (error: unknown): error is DomainError =>
  error instanceof DomainError;
