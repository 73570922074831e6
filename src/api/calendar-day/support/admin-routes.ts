import fs from 'fs';
import type { Core } from '@strapi/strapi';
import { RefusalError, answering } from '../../application/support/errors';

const UID = 'api::calendar-day.calendar-day';
const MAX_BYTES = 1024 * 1024;

/**
 * 导入节假日 on the calendar's list (a holiday-cn JSON file), for staff who may create calendar
 * days; and the calendar's status, which every staff member's desk reads to warn in November.
 */
export function registerCalendarRoutes(strapi: Core.Strapi) {
  const calendar = () => strapi.service(UID) as any;
  const route = (method: 'GET' | 'POST', path: string, handler: (ctx: any) => Promise<unknown>) => ({
    method,
    path,
    handler: (ctx: any) => answering(ctx, () => handler(ctx)),
    config: { policies: ['admin::isAuthenticatedAdmin'] },
    info: { apiName: 'calendar-day', type: 'admin' as const },
  });
  strapi.server.routes({
    type: 'admin',
    prefix: '/shenbao/calendar',
    routes: [
      route('GET', '/status', async () => ({ data: await calendar().status() })),
      route('POST', '/import', async (ctx) => {
        const upload = ctx.request.files?.file;
        const file = Array.isArray(upload) ? upload[0] : upload;
        try {
          if (!ctx.state.userAbility.can('plugin::content-manager.explorer.create', UID)) throw new RefusalError(403, 'no_permission', '您的角色没有导入工作日历的权限');
          if (!file?.filepath) throw new RefusalError(400, 'missing_file', '请选择 holiday-cn 格式的 JSON 文件', 'file');
          if (file.size > MAX_BYTES) throw new RefusalError(400, 'too_large', '节假日文件不能超过1MB', 'file');
          let json: unknown;
          try {
            json = JSON.parse(fs.readFileSync(file.filepath, 'utf8').replace(/^\uFEFF/, ''));
          } catch {
            throw new RefusalError(400, 'invalid_json', '文件不是有效的 JSON', 'file');
          }
          return { data: await calendar().importYear(json, `holiday-cn：${file.originalFilename ?? ''}`) };
        } finally {
          if (file?.filepath) fs.rmSync(file.filepath, { force: true });
        }
      }),
    ],
  });
}
