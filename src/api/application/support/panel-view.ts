import { EXCLUSION_LABELS, EXPERT_FIELDS, EXPERT_FIELD_LABELS, isExpertField, panelResult, rubricMax, weightedTotal } from '../../../domain/panel';
import { PoolExpert, eligibleExperts } from '../../../domain/panel-draw';
import type { Actor, CaseSnapshot, WorkflowDefinition } from '../../../domain/workflow';

/** Each field with the number of experts a draw could take for this case now, for the draw form. */
export function drawableByField(pool: PoolExpert[], snapshot: CaseSnapshot) {
  const panel = snapshot.panel ?? { field: null, drawn: [], declared: {} };
  const declaredConflict = Object.keys(panel.declared).filter((id) => panel.declared[id]);
  return EXPERT_FIELDS.map((field) => ({
    field,
    label: EXPERT_FIELD_LABELS[field],
    eligible: eligibleExperts(pool, { field, applicantUscc: snapshot.organizationUscc, declaredConflict, alreadyDrawn: panel.drawn }).eligible.length,
  }));
}

/**
 * The expert panel of an application as the desk shows it, read from its review records: each
 * draw (field, pool size, seed, who was drawn), each declaration, recusal and replacement, each
 * expert's scores by item with total and opinion, and the panel's result. Scores, opinions and
 * the result stay hidden from an expert until its own score is in, and from the applicant.
 */
export function panelView(definition: WorkflowDefinition, records: any[], actor: Actor) {
  const stage = definition.stages.find((s) => s.kind === 'panel' && s.panel);
  if (!stage?.panel || actor.role === 'applicant') return null;
  const rubric = stage.panel.rubric;
  // The panel of the latest round: the records since the application last entered the stage.
  let entered = -1;
  records.forEach((r, i) => {
    if (r.toState === stage.key && r.fromState !== stage.key) entered = i;
  });
  const round = records.slice(entered + 1).filter((r) => r.fromState === stage.key && r.toState === stage.key);
  const blind = actor.role === 'expert' && !round.some((r) => r.action === 'score' && r.actorId === actor.id);

  const names = new Map<string, string>();
  const members = new Map<string, { id: string; name: string; drawnAt: number; declaration: 'pending' | 'no_conflict' | 'conflict'; conflictNote: string | null }>();
  const draws: any[] = [];
  for (const record of round) {
    const subject = record.subject ?? {};
    if (subject.kind === 'panel_draw' || subject.kind === 'panel_replacement') {
      const drawn: string[] = subject.drawn ?? [];
      drawn.forEach((id, i) => {
        names.set(id, subject.drawnNames?.[i] ?? id);
        members.set(id, { id, name: names.get(id)!, drawnAt: record.seq, declaration: 'pending', conflictNote: null });
      });
      const excluded: Array<{ reason: string }> = subject.excluded ?? [];
      draws.push({
        seq: record.seq,
        kind: subject.kind === 'panel_draw' ? 'draw' : 'replacement',
        occurredAt: record.occurredAt,
        by: record.actorName,
        field: subject.field ?? null,
        fieldLabel: isExpertField(subject.field) ? EXPERT_FIELD_LABELS[subject.field] : null,
        panelSize: subject.panelSize ?? null,
        poolSize: (subject.pool ?? []).length,
        pool: subject.pool ?? [],
        seed: subject.seed ?? null,
        drawnNames: subject.drawnNames ?? [],
        recusedName: subject.recusedName ?? null,
        // how many of the expert pool were left out, by reason, in Chinese
        excluded: Object.entries(EXCLUSION_LABELS)
          .map(([reason, label]) => ({ label, count: excluded.filter((e) => e.reason === reason).length }))
          .filter((e) => e.count > 0),
      });
    }
    if (subject.kind === 'interest_declaration') {
      const member = members.get(record.actorId);
      if (member) Object.assign(member, { declaration: subject.hasConflict ? 'conflict' : 'no_conflict', conflictNote: subject.hasConflict ? record.opinion : null });
    }
  }
  const scored = round.filter((r) => r.action === 'score' && r.scores);
  const visible = (r: any) => !blind || r.actorId === actor.id;
  const scores = scored.map((r) => ({
    expertId: r.actorId,
    name: r.actorName,
    occurredAt: r.occurredAt,
    hidden: !visible(r),
    items: visible(r) ? rubric.map((item) => ({ key: item.key, label: item.label, weight: item.weight ?? null, max: item.max, score: Number(r.scores[item.key]) })) : null,
    total: visible(r) ? weightedTotal(rubric, r.scores) : null,
    opinion: visible(r) ? r.opinion : null,
  }));
  const result = panelResult(rubric, scored.map((r) => ({ expertId: r.actorId, scores: r.scores })));
  return {
    stage: stage.key,
    requiredScores: stage.panel.requiredScores,
    rubric: rubric.map((item) => ({ key: item.key, label: item.label, max: item.max, weight: item.weight ?? null })),
    maxTotal: rubricMax(rubric),
    draws,
    members: [...members.values()].map((m) => ({ ...m, scored: scored.some((r) => r.actorId === m.id) })),
    scores,
    result: blind ? null : { count: result.totals.length, average: result.average, spread: result.spread, highest: result.highest, lowest: result.lowest },
  };
}
