import fs from 'fs';
import type { Core } from '@strapi/strapi';
import { RefusalError, answering } from '../../application/support/errors';
import { importCreditFile } from './import';
import { SheetError } from './sheets';

const UID = 'api::credit-record.credit-record';

/**
 * The admin action behind 信用记录 → 导入信用名单: a CSV or XLSX upload, imported as the CLI
 * does, answered with the report. Only staff who may create credit records in the Content
 * Manager may import them.
 */
export function registerCreditImportRoute(strapi: Core.Strapi) {
  strapi.server.routes({
    type: 'admin',
    prefix: '/shenbao',
    routes: [
      {
        method: 'POST',
        path: '/credit-records/import',
        config: { policies: ['admin::isAuthenticatedAdmin'] },
        info: { apiName: 'credit-record', type: 'admin' },
        handler: (ctx: any) =>
          answering(ctx, async () => {
            const upload = ctx.request.files?.file;
            const file = Array.isArray(upload) ? upload[0] : upload;
            try {
              if (!ctx.state.userAbility.can('plugin::content-manager.explorer.create', UID)) throw new RefusalError(403, 'no_permission', '您的角色没有导入信用记录的权限');
              if (!file?.filepath) throw new RefusalError(400, 'missing_file', '请选择要导入的 CSV 或 XLSX 文件', 'file');
              return { data: await importCreditFile(strapi, file.filepath) };
            } catch (error) {
              if (error instanceof SheetError) throw new RefusalError(400, 'unreadable_file', error.message, 'file');
              throw error;
            } finally {
              if (file?.filepath) fs.rmSync(file.filepath, { force: true });
            }
          }),
      },
    ],
  });
}
