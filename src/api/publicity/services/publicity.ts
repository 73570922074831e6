import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { SYSTEM_ACTOR } from '../../application/support/actors';
import { RefusalError } from '../../application/support/errors';

const UID = 'api::publicity.publicity';

/** Refusals that leave an application where it is for a reason: held by an objection, or moved on already. */
const EXPECTED = ['on_hold', 'stale_version', 'wrong_stage', 'terminal_state'];

/**
 * The end of a 公示 period (第九条、第十条). The job may run any number of times, on any number
 * of instances: each application advances through the transition service, whose update is
 * conditional on the state and version it read, so a second run finds nothing left to do. An
 * application held by an open objection stays where it is; its finding decides it later.
 */
export default factories.createCoreService(UID, ({ strapi }: { strapi: Core.Strapi }) => ({
  async closeDue(now = new Date()) {
    await strapi.db.query(UID).updateMany({ where: { phase: 'scheduled', startsAt: { $lte: now } }, data: { phase: 'open' } });
    const due = await strapi.db.query(UID).findMany({
      where: { phase: { $in: ['scheduled', 'open'] }, endsAt: { $lte: now } },
      populate: { applications: { select: ['documentId', 'state', 'version'] } },
      orderBy: { endsAt: 'asc' },
    });
    const outcome = { closed: 0, advanced: 0, held: 0 };
    for (const batch of due) {
      let failed = false;
      for (const app of batch.applications ?? []) {
        if (app.state !== batch.kind) continue;
        try {
          await (strapi.service('api::application.transition') as any).transition({
            documentId: app.documentId,
            actor: SYSTEM_ACTOR,
            request: { action: 'publicity_passed', version: app.version },
            now,
          });
          outcome.advanced += 1;
        } catch (error) {
          if (!(error instanceof RefusalError && EXPECTED.includes(error.code))) {
            failed = true;
            strapi.log.error(`[shenbao] 公示「${batch.title}」: ${app.documentId} did not advance: ${(error as Error).message}`);
          } else if (error.code === 'on_hold') outcome.held += 1;
        }
      }
      // Left open after an unexpected failure, so that the next run tries that application again.
      if (failed) continue;
      const { count } = await strapi.db.query(UID).updateMany({ where: { id: batch.id, phase: { $ne: 'closed' } }, data: { phase: 'closed', closedAt: now } });
      outcome.closed += count;
    }
    return outcome;
  },
}));
