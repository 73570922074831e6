import * as React from 'react';
import { Typography } from '@strapi/design-system';
import { EXPERT_FIELDS, EXPERT_FIELD_LABELS, weightedTotal } from '../../domain/panel';
import { formatTime } from './render';

/**
 * 专家评审: the panel of a data product application as the server reports it (detail.panel,
 * src/api/application/support/panel-view.ts): each draw with its field, pool size and seed, the
 * declarations, recusals and replacements, each expert's scores by item with total and opinion,
 * and the panel's result. An expert who has not scored sees the others' as hidden.
 */
const th: React.CSSProperties = { textAlign: 'left', padding: '6px 8px', borderBottom: '1px solid #eaeaef', background: '#f6f6f9', fontSize: 13 };
const td: React.CSSProperties = { padding: '6px 8px', borderBottom: '1px solid #eaeaef', fontSize: 14, verticalAlign: 'top' };
const inputStyle: React.CSSProperties = { display: 'block', width: '100%', padding: 6, marginTop: 4, border: '1px solid #dcdce4', borderRadius: 4, fontSize: 14 };
const fieldset: React.CSSProperties = { marginBottom: 12, border: '1px solid #dcdce4', borderRadius: 4, padding: 10 };

const points = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${Number(value).toFixed(2)}分`);
const weightText = (item: { weight: number | null; max: number }) => (item.weight !== null && item.weight !== undefined ? `权重${item.weight}%，0–${item.max}分` : `0–${item.max}分`);

const DECLARATIONS: Record<string, string> = { pending: '待声明', no_conflict: '无利益冲突', conflict: '有利益冲突，已回避' };

export function PanelReview({ panel }: { panel: any }) {
  if (!panel || (!panel.draws.length && !panel.scores.length)) return null;
  return (
    <section style={{ background: '#fff', borderRadius: 4, padding: 20, marginBottom: 16, boxShadow: '0 1px 4px rgba(33,33,52,0.1)' }} data-testid="app-panel">
      <Typography variant="delta" tag="h2">
        专家评审
      </Typography>
      <Typography variant="epsilon" tag="h3" textColor="primary600" style={{ display: 'block', marginTop: 12 }}>
        专家抽取
      </Typography>
      <table style={{ width: '100%', borderCollapse: 'collapse', marginTop: 6 }} data-testid="panel-draws">
        <thead>
          <tr>
            {['时间', '类型', '专业领域', '可抽取人数', '排除情况', '抽取种子', '抽取结果', '经办'].map((h) => (
              <th key={h} style={th}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {panel.draws.map((d: any) => (
            <tr key={d.seq} data-testid={`panel-draw-${d.seq}`}>
              <td style={td}>{formatTime(d.occurredAt)}</td>
              <td style={td}>{d.kind === 'draw' ? `抽取（${d.panelSize}名）` : `替补（${d.recusedName ?? '专家'}回避）`}</td>
              <td style={td}>{d.fieldLabel ?? '—'}</td>
              <td style={td}>{d.poolSize}名</td>
              <td style={td}>{d.excluded.length ? d.excluded.map((e: any) => `${e.label}${e.count}名`).join('；') : '无'}</td>
              <td style={{ ...td, fontFamily: 'monospace', fontSize: 12 }} title="按种子与专家编号的SHA-256值由小到大抽取，可据审核记录复核">
                {d.seed ?? '—'}
              </td>
              <td style={td} data-testid={`panel-drawn-${d.seq}`}>{d.drawnNames.length ? d.drawnNames.join('、') : '无符合条件的专家'}</td>
              <td style={td}>{d.by ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <Typography variant="epsilon" tag="h3" textColor="primary600" style={{ display: 'block', marginTop: 16 }}>
        专家组成员与利益冲突声明
      </Typography>
      <table style={{ width: '100%', borderCollapse: 'collapse', marginTop: 6 }} data-testid="panel-members">
        <thead>
          <tr>
            {['专家', '利益冲突声明', '评分'].map((h) => (
              <th key={h} style={th}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {panel.members.map((m: any) => (
            <tr key={m.id} data-testid={`panel-member-${m.id}`} data-declaration={m.declaration}>
              <td style={td}>{m.name}</td>
              <td style={{ ...td, color: m.declaration === 'conflict' ? '#d02b20' : undefined }}>
                {DECLARATIONS[m.declaration] ?? m.declaration}
                {m.conflictNote ? `（${m.conflictNote}）` : ''}
              </td>
              <td style={td}>{m.declaration === 'conflict' ? '不参与评分' : m.scored ? '已评分' : '未评分'}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <Typography variant="epsilon" tag="h3" textColor="primary600" style={{ display: 'block', marginTop: 16 }}>
        专家评分（满分{panel.maxTotal}分）
      </Typography>
      <table style={{ width: '100%', borderCollapse: 'collapse', marginTop: 6 }} data-testid="panel-scores">
        <thead>
          <tr>
            <th style={th}>专家</th>
            {panel.rubric.map((item: any) => (
              <th key={item.key} style={th}>
                {item.label}
                <div style={{ fontWeight: 'normal', color: '#666687' }}>{weightText(item)}</div>
              </th>
            ))}
            <th style={th}>加权总分</th>
            <th style={th}>评审意见</th>
          </tr>
        </thead>
        <tbody>
          {!panel.scores.length && (
            <tr>
              <td style={td} colSpan={panel.rubric.length + 3}>
                尚无专家评分
              </td>
            </tr>
          )}
          {panel.scores.map((s: any) => (
            <tr key={s.expertId} data-testid={`panel-score-${s.expertId}`}>
              <td style={td}>{s.name}</td>
              {s.hidden ? (
                <td style={{ ...td, color: '#666687' }} colSpan={panel.rubric.length + 2}>
                  已提交评分（您提交本人评分后方可查看其他专家的评分和意见）
                </td>
              ) : (
                <>
                  {s.items.map((i: any) => (
                    <td key={i.key} style={td}>
                      {i.score}
                    </td>
                  ))}
                  <td style={{ ...td, fontWeight: 'bold' }}>{points(s.total)}</td>
                  <td style={td}>{s.opinion}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {panel.result && (
        <p style={{ marginTop: 12, lineHeight: 1.8, fontSize: 14 }} data-testid="panel-result">
          评审结果：已有{panel.result.count}位专家评分（需{panel.requiredScores}位）；平均分 <strong>{points(panel.result.average)}</strong>；极差（最高分减最低分）
          <strong>{points(panel.result.spread)}</strong>
          {panel.result.count ? `（最高${points(panel.result.highest)}，最低${points(panel.result.lowest)}）` : ''}
        </p>
      )}
    </section>
  );
}

/** 抽取评审专家: the field (with how many could be drawn now) and the number to draw. */
export function DrawFields({ drawable, field, size, onField, onSize }: { drawable: any[] | null; field: string; size: string; onField: (v: string) => void; onSize: (v: string) => void }) {
  const counts = new Map((drawable ?? []).map((d: any) => [d.field, d.eligible]));
  return (
    <fieldset style={fieldset} data-testid="action-draw">
      <legend>按专业领域从专家库随机抽取</legend>
      <label style={{ display: 'block', marginBottom: 8 }}>
        专业领域
        <select value={field} onChange={(e) => onField(e.target.value)} style={inputStyle} data-testid="draw-field">
          <option value="">请选择</option>
          {EXPERT_FIELDS.map((code) => (
            <option key={code} value={code}>
              {EXPERT_FIELD_LABELS[code]}（可抽取{counts.get(code) ?? 0}名）
            </option>
          ))}
        </select>
      </label>
      <label style={{ display: 'block' }}>
        抽取人数
        <input type="number" min={1} value={size} onChange={(e) => onSize(e.target.value)} style={{ ...inputStyle, width: 120 }} data-testid="draw-size" />
      </label>
      <Typography variant="pi" textColor="neutral600">
        系统自动排除与申报单位存在关联关系、同一单位及已声明利益冲突的专家；抽取种子、可抽取专家和抽取结果记入审核记录，可复核。
      </Typography>
    </fieldset>
  );
}

/** 利益冲突声明: 有 or 无; a conflict needs its explanation, and recuses the expert. */
export function DeclarationFields({ value, note, onValue, onNote }: { value: boolean | null; note: string; onValue: (v: boolean) => void; onNote: (v: string) => void }) {
  return (
    <fieldset style={fieldset} data-testid="action-declaration">
      <legend>利益冲突声明（必选）</legend>
      <label style={{ marginRight: 16, fontSize: 14 }}>
        <input type="radio" name="declaration" checked={value === false} onChange={() => onValue(false)} data-testid="declare-none" /> 本人与申报单位无利益冲突
      </label>
      <label style={{ fontSize: 14 }}>
        <input type="radio" name="declaration" checked={value === true} onChange={() => onValue(true)} data-testid="declare-conflict" /> 本人与申报单位有利益冲突
      </label>
      {value === true && (
        <>
          <label style={{ display: 'block', marginTop: 8 }}>
            利益冲突情况说明（必填）
            <textarea rows={2} value={note} onChange={(e) => onNote(e.target.value)} style={inputStyle} data-testid="declare-note" />
          </label>
          <div style={{ marginTop: 6, color: '#d02b20', fontSize: 13 }}>声明有利益冲突后，您将回避本项目的评审，系统将从专家库抽取替补专家。</div>
        </>
      )}
    </fieldset>
  );
}

/** 专家评分: each item by its label and weight, the weighted total as the domain computes it, and the 评审意见. */
export function ScoreFields({ rubric, scores, onScore }: { rubric: any[]; scores: Record<string, string>; onScore: (key: string, value: string) => void }) {
  const total = weightedTotal(rubric, Object.fromEntries(rubric.map((r) => [r.key, Number(scores[r.key]) || 0])));
  return (
    <fieldset style={fieldset} data-testid="action-scores">
      <legend>评分细则</legend>
      {rubric.map((r) => (
        <label key={r.key} style={{ display: 'flex', alignItems: 'center', marginBottom: 6, fontSize: 14 }}>
          <span style={{ width: 320 }}>
            {r.label}（{weightText(r)}）
          </span>
          <input type="number" min={0} max={r.max} value={scores[r.key] ?? ''} onChange={(e) => onScore(r.key, e.target.value)} style={{ ...inputStyle, width: 120, marginTop: 0 }} data-testid={`score-${r.key}`} />
        </label>
      ))}
      <Typography variant="pi" data-testid="score-total">
        加权总分：{total.toFixed(2)}分（满分{rubric.every((r) => r.weight !== undefined && r.weight !== null) ? 100 : rubric.reduce((sum, r) => sum + r.max, 0)}分）
      </Typography>
    </fieldset>
  );
}

/** A score record in the timeline: each item by its label, then the weighted total; never the item keys. */
export function scoresText(rubric: any[], scores: Record<string, number>): string {
  const items = rubric.map((item) => `${item.label} ${scores[item.key] ?? '—'}`);
  return `${items.join('，')}；加权总分 ${weightedTotal(rubric, scores).toFixed(2)}分`;
}

/** What a panel record is about, in the timeline: the draw, the declaration, the replacement. */
export function panelSubjectText(subject: any): string | null {
  if (!subject) return null;
  const field = subject.field && subject.field in EXPERT_FIELD_LABELS ? EXPERT_FIELD_LABELS[subject.field as keyof typeof EXPERT_FIELD_LABELS] : '—';
  if (subject.kind === 'panel_draw') {
    return `专业领域「${field}」，专家库可抽取${(subject.pool ?? []).length}名，抽取${subject.panelSize}名：${(subject.drawnNames ?? []).join('、')}（抽取种子 ${subject.seed}）`;
  }
  if (subject.kind === 'panel_replacement') {
    return `可抽取${(subject.pool ?? []).length}名，替补：${(subject.drawnNames ?? []).join('、') || '无'}${subject.seed ? `（抽取种子 ${subject.seed}）` : ''}`;
  }
  if (subject.kind === 'interest_declaration') return subject.hasConflict ? '声明：与申报单位有利益冲突，回避' : '声明：与申报单位无利益冲突';
  return null;
}
