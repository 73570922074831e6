import { refuseWith } from '../api/application/support/errors';

/**
 * A body strapi::body cannot read (broken JSON, a `__proto__` key, too large, a type it does not
 * parse) is refused by it with an English message and no field. This answers in Chinese and
 * names the body, in Strapi's error shape, with the status the parser chose. It sits just before
 * strapi::body and only speaks for errors thrown before the body was read.
 */
const MESSAGES: Record<number, string> = {
  400: '请求体无法解析：须为有效的 JSON 或表单，且不得含有 __proto__、constructor 等保留键',
  413: '请求体过大',
  415: '不支持的请求体格式',
};

export default () => async (ctx: any, next: () => Promise<void>) => {
  try {
    await next();
  } catch (error: any) {
    const status = Number(error?.status ?? error?.statusCode ?? (error?.name === 'SyntaxError' ? 400 : 0));
    const unread = ctx.request.body === undefined && ['POST', 'PUT', 'PATCH'].includes(ctx.method);
    if (!unread || !MESSAGES[status]) throw error;
    refuseWith(ctx, status, MESSAGES[status], { field: 'body' });
  }
};
