import { DomainError } from '../errors';
import { RETURN_TO_SENDER, StageDefinition, WORKFLOW_ROLES, WorkflowDefinition } from './types';

export interface DefinitionProblem {
  path: string;
  message: string;
}

export class WorkflowDefinitionError extends DomainError<'workflow.invalid_definition'> {
  constructor(readonly problems: DefinitionProblem[]) {
    super('workflow.invalid_definition', `审批流程定义有误：${problems.map((p) => `${p.path}：${p.message}`).join('；')}`, {
      field: problems[0]?.path,
      details: { problems },
    });
  }
}

const STAGE_KINDS = ['applicant', 'review', 'panel', 'publicity', 'finance', 'final', 'terminal'];
const ENDS = ['terminal', 'final'];

function reachable(from: string, edges: Map<string, string[]>): Set<string> {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length) {
    for (const next of edges.get(queue.shift()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/**
 * Validates a definition when it is loaded or saved. Refuses unknown stages and roles, stages
 * that cannot be reached from the start, and stages from which no end can be reached.
 */
export function validateWorkflow(input: unknown): WorkflowDefinition {
  const problems: DefinitionProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const definition = input as WorkflowDefinition;

  if (!definition || typeof definition !== 'object') throw new WorkflowDefinitionError([{ path: 'definition', message: '必须是一个对象' }]);
  if (typeof definition.key !== 'string' || !/^[a-z][a-z0-9_]*$/.test(definition.key)) problem('key', '必须由小写字母、数字和下划线组成');
  if (!Number.isInteger(definition.version) || definition.version < 1) problem('version', '必须是正整数');
  if (typeof definition.name !== 'string' || !definition.name.trim()) problem('name', '不能为空');
  if (!Array.isArray(definition.stages) || definition.stages.length === 0) {
    problem('stages', '至少需要一个环节');
    throw new WorkflowDefinitionError(problems);
  }

  const stages = new Map<string, StageDefinition>();
  definition.stages.forEach((stage, i) => {
    const path = `stages[${i}]`;
    if (typeof stage?.key !== 'string' || !/^[a-z][a-z0-9_]*$/.test(stage.key)) problem(`${path}.key`, '必须由小写字母、数字和下划线组成');
    else if (stages.has(stage.key)) problem(`${path}.key`, `环节「${stage.key}」重复`);
    else stages.set(stage.key, stage);
    if (!STAGE_KINDS.includes(stage?.kind)) problem(`${path}.kind`, `未知的环节类型「${String(stage?.kind)}」`);
    if (!Array.isArray(stage?.actions)) problem(`${path}.actions`, '必须是数组');
  });
  if (!stages.has(definition.initial)) problem('initial', `起始环节「${String(definition.initial)}」不存在`);

  const returnTargets = definition.stages.filter((s) => s.actions?.some((a) => a.effects?.includes('return')));
  const edges = new Map<string, string[]>();
  definition.stages.forEach((stage, i) => {
    const seenActions = new Set<string>();
    const targets: string[] = [];
    (stage.actions ?? []).forEach((action, j) => {
      const path = `stages[${i}].actions[${j}]`;
      if (typeof action?.key !== 'string' || !/^[a-z][a-z0-9_]*$/.test(action.key)) problem(`${path}.key`, '必须由小写字母、数字和下划线组成');
      else if (seenActions.has(action.key)) problem(`${path}.key`, `操作「${action.key}」在环节「${stage.key}」中重复`);
      seenActions.add(action?.key);
      if (!WORKFLOW_ROLES.includes(action?.role)) problem(`${path}.role`, `未知的角色「${String(action?.role)}」`);
      if (action?.to === RETURN_TO_SENDER) targets.push(...returnTargets.map((s) => s.key));
      else if (!stages.has(action?.to)) problem(`${path}.to`, `目标环节「${String(action?.to)}」不存在`);
      else targets.push(action.to);
      if (action?.requires?.scores && !stage.panel) problem(`${path}.requires.scores`, '评分只能在设有评审组的环节进行');
      if (action?.requires?.panelComplete && !stage.panel) problem(`${path}.requires.panelComplete`, '该环节没有评审组');
      const materials = action?.requires?.materials;
      if (materials !== undefined) {
        if (!action.requires?.attachments) problem(`${path}.requires.materials`, '列出材料的操作须要求上传附件');
        if (!Array.isArray(materials) || !materials.length) problem(`${path}.requires.materials`, '至少需要一项材料');
        else
          materials.forEach((m, k) => {
            if (typeof m?.key !== 'string' || !/^[a-z][a-z0-9_]*$/.test(m.key)) problem(`${path}.requires.materials[${k}].key`, '必须由小写字母、数字和下划线组成');
            else if (materials.findIndex((other) => other?.key === m.key) !== k) problem(`${path}.requires.materials[${k}].key`, `材料「${m.key}」重复`);
            if (typeof m?.label !== 'string' || !m.label.trim()) problem(`${path}.requires.materials[${k}].label`, '不能为空');
          });
      }
      for (const requirement of ['startsPublicity', 'publicityEnded'] as const) {
        if (action?.requires?.[requirement] && stage.kind !== 'publicity') problem(`${path}.requires.${requirement}`, '只有公示环节可以发起公示或等待公示期满');
      }
    });
    if (stage.kind === 'terminal' && stage.actions?.length) problem(`stages[${i}].actions`, '终止环节不能再有操作');
    if (stage.panel && (!Number.isInteger(stage.panel.requiredScores) || stage.panel.requiredScores < 1 || !stage.panel.rubric?.length)) {
      problem(`stages[${i}].panel`, '评审组需要至少1名专家和评分细则');
    }
    edges.set(stage.key, targets);
  });

  if (!problems.length) {
    const fromStart = reachable(definition.initial, edges);
    const ends = definition.stages.filter((s) => ENDS.includes(s.kind)).map((s) => s.key);
    if (!ends.length) problem('stages', '至少需要一个终止环节');
    definition.stages.forEach((stage, i) => {
      if (!fromStart.has(stage.key)) problem(`stages[${i}]`, `环节「${stage.key}」从起始环节无法到达`);
      const onward = reachable(stage.key, edges);
      if (!ends.some((end) => onward.has(end))) problem(`stages[${i}]`, `环节「${stage.key}」无法到达任何终止环节`);
    });
  }

  if (problems.length) throw new WorkflowDefinitionError(problems);
  return definition;
}
