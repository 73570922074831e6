import type { Core } from '@strapi/strapi';
import { registerFormVersionGuard } from './form-versions';
import { registerObjectionGuard } from './objections';
import { registerReviewRecordLifecycle } from './review-record-lifecycle';
import { registerWorkflowDefinitionGuard } from './workflow-definitions';
import { registerWorkflowGuards } from './workflow-fields';

export function registerGuards(strapi: Core.Strapi) {
  registerWorkflowGuards(strapi);
  registerWorkflowDefinitionGuard(strapi);
  registerFormVersionGuard(strapi);
  registerReviewRecordLifecycle(strapi);
  registerObjectionGuard(strapi);
}
