import { ADMIN_LABELS } from '../api/consultation-feedback/support/admin-labels';

/**
 * Strapi checks a Content Manager save against the schema with yup and answers in English
 * ("title must be at most 50 characters", "This attribute must be unique"). This rewrites those
 * messages on the way out, in Chinese and naming the field by its label from ADMIN_LABELS; the
 * path stays in `details.errors[].path`. A message it does not recognise is left as it is.
 */
const RULES: Array<[RegExp, (label: string, m: RegExpMatchArray) => string]> = [
  [/^(\S+) must be at most (\d+) characters$/, (l, m) => `${l}不能超过${m[2]}个字`],
  [/^(\S+) must be at least (\d+) characters$/, (l, m) => `${l}不能少于${m[2]}个字`],
  [/^(\S+) must be less than or equal to (\S+)$/, (l, m) => `${l}不能大于${m[2]}`],
  [/^(\S+) must be greater than or equal to (\S+)$/, (l, m) => `${l}不能小于${m[2]}`],
  [/^(\S+) must be an integer$/, (l) => `${l}须为整数`],
  [/^(\S+) must be a valid email$/, (l) => `${l}不是有效的电子邮箱`],
  [/^(\S+) must be one of the following values: .*$/, (l) => `${l}的取值不在可选范围内`],
  [/^(\S+) (is a required field|must be defined|cannot be null)$/, (l) => `${l}为必填项`],
  [/^(\S+) must be a `(\w+)` type.*$/, (l) => `${l}的格式不正确`],
  [/^(\S+) must match the following: .*$/, (l) => `${l}的格式不正确`],
  [/^This attribute must be unique$/, (l) => `${l}已被使用，须唯一`],
];

/** The Chinese message for one yup message about `path` of `model`, or null when unknown. */
export function translateValidation(model: string, path: string[] | undefined, message: string): string | null {
  const field = path?.find((segment) => !/^\d+$/.test(segment)) ?? '';
  const labels = ADMIN_LABELS[model] ?? {};
  const label = labels[field] ?? Object.values(ADMIN_LABELS).find((table) => table[path?.[path.length - 1] ?? ''])?.[path?.[path.length - 1] ?? ''] ?? field;
  for (const [pattern, render] of RULES) {
    const match = message.match(pattern);
    if (match) return render(label ? `「${label}」` : '该字段', match);
  }
  return null;
}

const MODEL = /^\/content-manager\/(?:collection-types|single-types)\/([^/]+)/;

export default () => async (ctx: any, next: () => Promise<void>) => {
  await next();
  const model = MODEL.exec(ctx.path)?.[1];
  const error = ctx.body?.error;
  if (!model || ctx.status !== 400 || error?.name !== 'ValidationError') return;
  const errors: Array<{ path?: string[]; message: string }> = error.details?.errors ?? [];
  for (const item of errors) item.message = translateValidation(model, item.path, item.message) ?? item.message;
  // Our own validators (forms, workflows) already answer in Chinese with every reason: keep that whole.
  if (/\p{Script=Han}/u.test(error.message ?? '')) return;
  const first = errors[0];
  error.message = first ? (errors.length > 1 ? `${first.message}（另有${errors.length - 1}处错误）` : first.message) : (translateValidation(model, undefined, error.message) ?? error.message);
};
