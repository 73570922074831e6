import type { Core } from '@strapi/strapi';
import type { Transition, WorkflowDefinition } from '../../../domain/workflow';

/**
 * Notifications are an outbox: rows written in the transition's transaction, sent only after it
 * commits, and marked sent or failed. A rolled-back transition leaves no notification behind.
 */
const NOTIFICATION = 'api::notification.notification';

export interface NotificationDraft {
  recipientType: 'applicant' | 'staff' | 'public';
  recipientEmail: string;
  template: string;
  subject: string;
  body: string;
  payload?: Record<string, unknown>;
  application?: string;
  dedupeKey: string;
}

/** Writes one message into the outbox (inside the caller's transaction); returns its documentId. */
export async function queueNotification(strapi: Core.Strapi, draft: NotificationDraft): Promise<string> {
  const created = await strapi.documents(NOTIFICATION).create({ data: { channel: 'email', delivery: 'queued', ...draft } as any });
  return created.documentId;
}

export async function queueStateNotification(strapi: Core.Strapi, app: any, transition: Transition, definition: WorkflowDefinition): Promise<string[]> {
  const email = app.organization?.contactEmail;
  if (!email || transition.fromState === transition.toState) return [];
  const stateLabel = definition.stages.find((stage) => stage.key === transition.toState)?.label ?? transition.toState;
  const created = await strapi.documents(NOTIFICATION).create({
    data: {
      channel: 'email',
      recipientType: 'applicant',
      recipientEmail: email,
      template: 'application.state_changed',
      subject: `【申报进度】${app.title}：${transition.action.label}`,
      body: `您单位的申报「${app.title}」（${app.serialNo ?? '未编号'}）已办理「${transition.action.label}」，当前状态：${stateLabel}。${transition.record.opinion ? `意见：${transition.record.opinion}` : ''}`,
      payload: { applicationId: app.documentId, from: transition.fromState, to: transition.toState, action: transition.action.key },
      application: app.documentId,
      delivery: 'queued',
      dedupeKey: `${app.documentId}:${app.version + 1}:state`,
    } as any,
  });
  return [created.documentId];
}

export async function dispatchNotifications(strapi: Core.Strapi, documentIds: string[]) {
  for (const documentId of documentIds) {
    const notification = await strapi.documents(NOTIFICATION).findOne({ documentId });
    if (!notification || notification.delivery !== 'queued') continue;
    try {
      await strapi.plugin('email').service('email').send({ to: notification.recipientEmail, subject: notification.subject, text: notification.body });
      await strapi.documents(NOTIFICATION).update({ documentId, data: { delivery: 'sent', sentAt: new Date().toISOString(), attempts: (notification.attempts ?? 0) + 1 } as any });
    } catch (error) {
      await strapi.documents(NOTIFICATION).update({ documentId, data: { delivery: 'failed', lastError: (error as Error).message, attempts: (notification.attempts ?? 0) + 1 } as any });
    }
  }
}
