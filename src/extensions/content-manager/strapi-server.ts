import { errors } from '@strapi/utils';

/**
 * The Content Manager's relation routes (/content-manager/relations/:model/:targetField and
 * /:model/:id/:targetField) for a caller who may not read the source type: Strapi's controller
 * sets a 403 and then goes on with nothing, failing with a 500 (issue 21, part 6: the editor
 * asking for an application's organisations). The read permission on the source field is checked
 * here first, and refused as a 403 in Strapi's error shape, in Chinese.
 */
export default (plugin: any) => {
  const relations = plugin.controllers.relations;
  for (const method of ['findAvailable', 'findExisting'] as const) {
    const stock = relations[method];
    relations[method] = async function guarded(this: unknown, ctx: any) {
      const { model, targetField } = ctx.params ?? {};
      const schema = typeof model === 'string' ? strapi.getModel(model as any) : undefined;
      if (schema && schema.modelType !== 'component') {
        const checker = strapi.plugin('content-manager').service('permission-checker').create({ userAbility: ctx.state.userAbility, model });
        if (checker.cannot.read(null, targetField)) throw new errors.PolicyError('您的角色无权查看该内容的关联数据', { field: targetField });
      }
      return stock.call(this, ctx);
    };
  }
  return plugin;
};
