import * as React from 'react';
import { Link, useParams } from 'react-router-dom';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { parseAmount } from '../../domain/money';
import { CREDIT_LIST_LABELS } from '../../domain/eligibility';
import { LEGAL_FORM_LABELS, civilCodeClassOf, isLegalForm } from '../../domain/legal-person';
import { actionLabelIn, refusalMessage, roleLabel, stageLabelIn } from './api';
import { describeRecord } from '../../domain/objections';
import { FINDINGS } from '../../domain/workflow/types';
import { PublicityPeriodFields, defaultPeriod, startPublicity } from './BulkActions';
import { DecisionChoice, EMPTY_DECISION, PartyDecisionFields, decisionRecordFor } from './PartyDecision';
import { fieldChoices, formatDiffValue, formatMoney, formatTime, liveAward, renderAnswers } from './render';
import { DeclarationFields, DrawFields, PanelReview, ScoreFields, panelSubjectText, scoresText } from './PanelReview';

/**
 * One application as the staff member sees it: the answers as submitted, attachments inline,
 * the eligibility snapshot, the diffs after a return, the timeline, and only the actions this
 * person may take now, each with the inputs its stage requires.
 */
const section: React.CSSProperties = { background: '#fff', borderRadius: 4, padding: 20, marginBottom: 16, boxShadow: '0 1px 4px rgba(33,33,52,0.1)' };
const th: React.CSSProperties = { textAlign: 'left', padding: '6px 8px', borderBottom: '1px solid #eaeaef', background: '#f6f6f9', fontSize: 13 };
const td: React.CSSProperties = { padding: '6px 8px', borderBottom: '1px solid #eaeaef', fontSize: 14, verticalAlign: 'top' };
const inputStyle: React.CSSProperties = { display: 'block', width: '100%', padding: 6, marginTop: 4, border: '1px solid #dcdce4', borderRadius: 4, fontSize: 14 };

async function uploadDocuments(post: ReturnType<typeof useFetchClient>['post'], documentId: string, files: File[]) {
  const refs: Array<{ id: string }> = [];
  for (const file of files) {
    const form = new FormData();
    form.append('file', file);
    const { data } = await post<{ data: { id: string } }>(`/shenbao/applications/${documentId}/files`, form);
    refs.push({ id: data.data.id });
  }
  return refs;
}

/** What the amount input means for each action that takes one (recognise is the default). */
const AMOUNT_LABELS: Record<string, string> = { pay: '拨付金额', clawback: '追回金额' };

function Section({ title, testid, children }: { title: string; testid: string; children: React.ReactNode }) {
  return (
    <section style={section} data-testid={testid}>
      <Typography variant="delta" tag="h2">
        {title}
      </Typography>
      <Box paddingTop={3}>{children}</Box>
    </section>
  );
}

/** Opens a private file inline: fetched with the admin token as a blob, shown from an object URL. */
function FileViewer({ file, onClose }: { file: { id: string; name: string; mime?: string }; onClose: () => void }) {
  const { get } = useFetchClient();
  const [url, setUrl] = React.useState<string | null>(null);
  const [mime, setMime] = React.useState<string>(file.mime ?? '');
  const [failure, setFailure] = React.useState<string | null>(null);
  React.useEffect(() => {
    let created: string | null = null;
    get<Blob>(`/shenbao/files/${file.id}`, { params: { inline: '1' }, responseType: 'blob' })
      .then(({ data }) => {
        created = URL.createObjectURL(data);
        setMime(data.type || file.mime || '');
        setUrl(created);
      })
      .catch((error) => setFailure(refusalMessage(error, '文件打开失败')));
    return () => {
      if (created) URL.revokeObjectURL(created);
    };
  }, [file.id]);
  return (
    <div style={{ marginTop: 8, border: '1px solid #dcdce4', borderRadius: 4, padding: 8 }} data-testid="file-viewer">
      <Flex justifyContent="space-between">
        <Typography variant="omega" fontWeight="bold">
          {file.name}
        </Typography>
        <Button variant="tertiary" size="S" onClick={onClose}>
          关闭
        </Button>
      </Flex>
      {failure && <p style={{ color: '#d02b20' }}>{failure}</p>}
      {url && mime.startsWith('image/') && <img src={url} alt={file.name} style={{ maxWidth: '100%', marginTop: 8 }} data-testid="file-viewer-image" />}
      {url && !mime.startsWith('image/') && <iframe src={url} title={file.name} style={{ width: '100%', height: 600, border: 0, marginTop: 8 }} data-testid="file-viewer-frame" />}
      {!url && !failure && <p>加载中…</p>}
    </div>
  );
}

/**
 * 第四条: the legal form the organisation stated (as checked at submission, or as it stands before
 * one), for the reviewer to read against the licence or certificate.
 */
const statedLegalForm = (detail: any): string | null => detail.eligibility?.legalForm ?? detail.organization?.legalForm ?? null;

function LegalFormText({ form }: { form: string | null }) {
  if (!form) return <>单位类型：未填写</>;
  return <>单位类型：{isLegalForm(form) ? `${LEGAL_FORM_LABELS[form]}（${civilCodeClassOf(form)}）` : form}</>;
}

/** A file slot for the 营业执照 or 事业单位法人证书 (or another registration certificate). */
const LICENCE_SLOT = /营业执照|法人证书|登记证书/;

function Answers({ detail }: { detail: any }) {
  const [open, setOpen] = React.useState<any>(null);
  const files: any[] = detail.files ?? [];
  const sections = renderAnswers(detail.form?.definition, detail.answers);
  return (
    <Section title={`申报内容（按提交时的表单第${detail.form?.version ?? 1}版）`} testid="app-answers">
      {!sections.length && <Typography textColor="neutral600">表单定义缺失，无法按表单展示</Typography>}
      {sections.map((s) => (
        <div key={s.key} style={{ marginBottom: 16 }}>
          <Typography variant="epsilon" tag="h3" textColor="primary600">
            {s.title}
          </Typography>
          <table style={{ width: '100%', borderCollapse: 'collapse', marginTop: 6 }}>
            <tbody>
              {s.fields.map((f) => (
                <tr key={f.key} data-testid={`answer-${f.key}`}>
                  <td style={{ ...td, width: '28%', color: '#666687' }}>{f.label}</td>
                  <td style={td}>
                    {f.text !== undefined && <span style={f.commitment ? { color: f.text === '已承诺' ? '#328048' : '#d02b20' } : undefined}>{f.commitment ? `【${f.text}】` : f.text}</span>}
                    {f.table && (
                      <table style={{ borderCollapse: 'collapse', width: '100%' }}>
                        <thead>
                          <tr>{f.table.columns.map((c) => <th key={c} style={th}>{c}</th>)}</tr>
                        </thead>
                        <tbody>
                          {f.table.rows.map((row, i) => (
                            <tr key={i}>{row.map((v, j) => <td key={j} style={td}>{v}</td>)}</tr>
                          ))}
                          {!f.table.rows.length && (
                            <tr>
                              <td style={td} colSpan={f.table.columns.length}>（未填写）</td>
                            </tr>
                          )}
                        </tbody>
                      </table>
                    )}
                    {f.files && (
                      <div>
                        {LICENCE_SLOT.test(f.label) && (
                          <div data-testid="licence-legal-form" style={{ color: '#666687', marginBottom: 4 }}>
                            <LegalFormText form={statedLegalForm(detail)} />（请与证照核对）
                          </div>
                        )}
                        {!f.files.length && '（未上传）'}
                        {f.files.map((id) => {
                          // Only a file stored for this application in this slot opens; anything else is shown as missing, never as a link.
                          const meta = files.find((x) => x.id === id && x.slot === f.key);
                          return (
                            <div key={id}>
                              {meta ? (
                                <button type="button" onClick={() => setOpen(meta)} data-testid={`file-open-${id}`} style={{ border: 0, background: 'none', color: '#4945ff', cursor: 'pointer', padding: 0 }}>
                                  附件：{meta.name}
                                </button>
                              ) : (
                                <span style={{ color: '#d02b20' }} data-testid={`file-missing-${f.key}`}>
                                  附件缺失：申报内容列出的文件未在本申报中找到（{String(id).slice(0, 24)}），请核实或退回补正
                                </span>
                              )}
                            </div>
                          );
                        })}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {open && <FileViewer file={open} onClose={() => setOpen(null)} />}
    </Section>
  );
}

function Eligibility({ detail }: { detail: any }) {
  const e = detail.eligibility;
  return (
    <Section title="资格审查快照（提交时）" testid="app-eligibility">
      {!e && <Typography textColor="neutral600">尚无资格审查快照（未提交）</Typography>}
      {e && (
        <ul style={{ lineHeight: 1.9, paddingLeft: 18 }}>
          <li data-testid="eligibility-uscc">
            统一社会信用代码（{detail.organization?.uscc ?? '—'}）校验：{e.usccValid ? '通过' : '未通过'}
          </li>
          <li data-testid="eligibility-legal-form">
            <LegalFormText form={e.legalForm ?? null} />
            {e.legalForm ? '，具有独立法人资格，属本资金项目支持对象' : '（提交时尚未记录单位类型）'}
          </li>
          <li data-testid="eligibility-credit">
            信用名单核查：
            {(e.creditListings ?? []).length
              ? `注意：列入 ${(e.creditListings as any[]).map((l) => CREDIT_LIST_LABELS[l.listType] ?? l.listType).join('、')}`
              : '未列入失信名单'}
            （核查时间 {formatTime(e.creditCheckedAt)}）
          </li>
          <li data-testid="eligibility-commitments">
            承诺事项：{(e.commitments ?? []).length ? (e.commitments as any[]).map((c) => c.title ?? c.label ?? c.key ?? String(c)).join('；') : '—'}
            {e.commitmentsSignedAt ? `（签署于 ${formatTime(e.commitmentsSignedAt)}）` : '（未签署）'}
          </li>
        </ul>
      )}
    </Section>
  );
}

function Diffs({ detail }: { detail: any }) {
  const answersDiff: any[] = detail.answersDiff ?? [];
  const formDiff: any[] = detail.formDiff ?? [];
  if (!answersDiff.length && !formDiff.length) return null;
  const CHANGE: Record<string, string> = { added: '新增', removed: '删除', changed: '修改' };
  const definition = detail.form?.definition;
  return (
    <Section title="变更对比" testid="app-diffs">
      {!!answersDiff.length && (
        <>
          <Typography variant="epsilon">退回补正后与上次提交相比</Typography>
          <table style={{ width: '100%', borderCollapse: 'collapse', margin: '6px 0 12px' }} data-testid="answers-diff">
            <thead>
              <tr>
                <th style={th}>字段</th>
                <th style={th}>变更</th>
                <th style={th}>上次提交</th>
                <th style={th}>本次提交</th>
              </tr>
            </thead>
            <tbody>
              {answersDiff.map((c, i) => (
                <tr key={i}>
                  <td style={td}>{c.label ?? c.path}</td>
                  <td style={td}>{CHANGE[c.change] ?? c.change}</td>
                  <td style={{ ...td, background: '#fff5f5' }}>{formatDiffValue(definition, c.path, c.before)}</td>
                  <td style={{ ...td, background: '#f2fcf5' }}>{formatDiffValue(definition, c.path, c.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {!!formDiff.length && (
        <>
          <Typography variant="epsilon">申报通知的表单自本申报提交后的变化</Typography>
          <ul data-testid="form-diff">
            {formDiff.map((c, i) => (
              <li key={i}>
                {CHANGE[c.change] ?? c.change}：{c.label ?? c.path}
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

function Timeline({ detail }: { detail: any }) {
  const rows: any[] = detail.timeline ?? [];
  const rubric: any[] = (detail.workflow?.stages ?? []).find((s: any) => s.panel)?.panel?.rubric ?? [];
  return (
    <Section title="办理记录" testid="app-timeline">
      <table style={{ width: '100%', borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            {['序号', '时间', '环节', '操作', '办理人', '角色', '意见', '评分 / 金额', '哈希'].map((h) => (
              <th key={h} style={th}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const described = describeRecord(actionLabelIn(detail.workflow, r.fromState, r.action), r);
            return (
            <tr key={r.seq} data-testid={`timeline-${r.seq}`} data-action={r.action}>
              <td style={td}>{r.seq}</td>
              <td style={td}>{formatTime(r.occurredAt)}</td>
              <td style={td}>{r.fromState === r.toState ? stageLabelIn(detail.workflow, r.toState) : `${stageLabelIn(detail.workflow, r.fromState ?? r.stage)} → ${stageLabelIn(detail.workflow, r.toState)}`}</td>
              <td style={td}>{described.title}</td>
              <td style={td}>{r.actorName ?? (r.actorType === 'public' ? '异议人（实名，信息见公示异议）' : '—')}</td>
              <td style={td}>{r.actorType === 'public' ? '公众' : roleLabel(r.actorRole)}</td>
              <td style={td}>
                {described.opinion ?? ''}
                {panelSubjectText(r.subject) && <div style={{ color: '#666687' }} data-testid={`timeline-panel-${r.seq}`}>{panelSubjectText(r.subject)}</div>}
                {Array.isArray(r.flaggedFields) && r.flaggedFields.length ? <div style={{ color: '#d9822f' }}>需补正：{r.flaggedFields.join('、')}</div> : null}
                {r.finding ? (
                  <div style={{ color: r.finding === 'no_issue' ? '#328048' : '#d02b20' }} data-testid={`timeline-finding-${r.seq}`}>
                    结论：{(FINDINGS as Record<string, string>)[r.finding] ?? r.finding}
                  </div>
                ) : null}
                {r.basedOn ? <div data-testid={`timeline-based-on-${r.seq}`}>依据：第{r.basedOn.seq}号记录（{actionLabelIn(detail.workflow, 'disbursed', r.basedOn.action)}）</div> : null}
                {Array.isArray(r.attachments) && r.attachments.length ? (
                  <div style={{ color: '#666687', fontSize: 12 }} data-testid={`timeline-files-${r.seq}`}>
                    附件：
                    {r.attachments.map((a: { name: string; sha256?: string }) => (
                      <span key={`${a.name}-${a.sha256}`} title={a.sha256 ? `SHA-256 ${a.sha256}` : undefined} style={{ marginRight: 8 }}>
                        {a.name}
                      </span>
                    ))}
                  </div>
                ) : null}
              </td>
              <td style={td}>
                {r.scores ? scoresText(rubric, r.scores) : ''}
                {r.amountFen !== null && r.amountFen !== undefined ? formatMoney(r.amountFen) : ''}
              </td>
              <td style={{ ...td, fontFamily: 'monospace', fontSize: 12 }} title={r.hash}>
                {String(r.hash ?? '').slice(0, 12)}…
              </td>
            </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}

const RESOLUTIONS: Record<string, string> = { open: '待处理', upheld: '异议成立', dismissed: '异议不成立' };

/** 公示异议: each objection against this application, its signed scan, and the finding for an open one. */
function Objections({ detail, reload }: { detail: any; reload: () => void }) {
  const objections: any[] = detail.objections ?? [];
  const [open, setOpen] = React.useState<{ id: string; name: string; mime?: string } | null>(null);
  if (!objections.length) return null;
  return (
    <Section title="公示异议" testid="app-objections">
      {objections.map((o) => (
        <div key={o.documentId} style={{ borderBottom: '1px solid #eaeaef', paddingBottom: 12, marginBottom: 12 }} data-testid={`objection-${o.documentId}`}>
          <Typography fontWeight="bold">
            {o.receiptNo ? `${o.receiptNo} · ` : ''}
            {o.objectorName}
            {o.objectorOrganization ? `（${o.objectorOrganization}）` : ''} · {o.phone} · {formatTime(o.lodgedAt)} · {RESOLUTIONS[o.resolution] ?? o.resolution}
          </Typography>
          <p style={{ margin: '6px 0' }}>{o.reason}</p>
          {o.files.map((f: any) => (
            <button key={f.id} type="button" onClick={() => setOpen(f)} style={{ border: 0, background: 'none', color: '#4945ff', cursor: 'pointer', padding: 0, marginRight: 12 }}>
              {f.name}
            </button>
          ))}
          {o.resolution === 'open' ? (
            <FindingForm objection={o} detail={detail} done={reload} />
          ) : (
            <p style={{ color: '#666687' }}>
              {RESOLUTIONS[o.resolution]}。核查意见：{o.finding}；答复：{o.reply}（{o.decidedBy ? `${o.decidedBy}，` : ''}{formatTime(o.decidedAt)}）
            </p>
          )}
        </div>
      ))}
      {open && <FileViewer file={open} onClose={() => setOpen(null)} />}
    </Section>
  );
}

function FindingForm({ objection, detail, done }: { objection: any; detail: any; done: () => void }) {
  const { post } = useFetchClient();
  // No choice is made for the reviewer: a ruling is only what the reviewer chose.
  const [finding, setFinding] = React.useState<'dismissed' | 'upheld' | null>(null);
  const [outcome, setOutcome] = React.useState<'reject' | 'return' | ''>('');
  const [flagged, setFlagged] = React.useState<string[]>([]);
  const [reason, setReason] = React.useState('');
  const [reply, setReply] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const [failure, setFailure] = React.useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await post(`/shenbao/objections/${objection.documentId}/finding`, { finding, reason, reply, ...(finding === 'upheld' ? { outcome, flaggedFields: outcome === 'return' ? flagged : undefined } : {}) });
      done();
    } catch (error) {
      setFailure(refusalMessage(error, '处理失败，请稍后重试'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box paddingTop={2} data-testid="finding-form">
      <span style={{ marginRight: 12 }}>核查结论（必选）：</span>
      <label style={{ marginRight: 16 }}>
        <input type="radio" checked={finding === 'dismissed'} onChange={() => setFinding('dismissed')} data-testid="finding-dismissed" /> 异议不成立
      </label>
      <label>
        <input type="radio" checked={finding === 'upheld'} onChange={() => setFinding('upheld')} data-testid="finding-upheld" /> 异议成立
      </label>
      {finding === 'upheld' && (
        <div style={{ marginTop: 8 }}>
          <label>
            处理方式{' '}
            <select value={outcome} onChange={(e) => setOutcome(e.target.value as 'reject' | 'return' | '')} data-testid="finding-outcome">
              <option value="">请选择</option>
              <option value="reject">不予支持</option>
              <option value="return">退回补正</option>
            </select>
          </label>
          {outcome === 'return' &&
            fieldChoices(detail.form?.definition).map((f) => (
              <label key={f.key} style={{ display: 'inline-block', marginLeft: 12 }}>
                <input type="checkbox" checked={flagged.includes(f.key)} onChange={(e) => setFlagged((s) => (e.target.checked ? [...s, f.key] : s.filter((x) => x !== f.key)))} /> {f.label}
              </label>
            ))}
        </div>
      )}
      <label style={{ display: 'block', marginTop: 8 }}>
        核查意见（必填）
        <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} style={inputStyle} data-testid="finding-reason" />
      </label>
      <label style={{ display: 'block', marginTop: 8 }}>
        给异议人的答复（必填）
        <textarea rows={2} value={reply} onChange={(e) => setReply(e.target.value)} style={inputStyle} data-testid="finding-reply" />
      </label>
      {failure && (
        <p style={{ color: '#d02b20' }} data-testid="finding-error">
          {failure}
        </p>
      )}
      <Button onClick={submit} loading={busy} disabled={!finding || (finding === 'upheld' && !outcome)} data-testid="finding-submit" style={{ marginTop: 8 }}>
        作出处理结论
      </Button>
      {!finding && <span style={{ color: '#666687', marginLeft: 8 }}>请先选择核查结论</span>}
    </Box>
  );
}

function Actions({ detail, reload }: { detail: any; reload: () => void }) {
  const { post } = useFetchClient();
  const actions: any[] = detail.availableActions ?? [];
  const [chosen, setChosen] = React.useState<string | null>(null);
  // The declaration is made once per application, before the first action; every step carries it
  // into the review record, so the server knows it was made.
  const [coi, setCoi] = React.useState<boolean>(detail.coiDeclared === true);
  const [opinion, setOpinion] = React.useState('');
  const [flagged, setFlagged] = React.useState<string[]>([]);
  const [scores, setScores] = React.useState<Record<string, string>>({});
  const [amount, setAmount] = React.useState('');
  const [decision, setDecision] = React.useState<DecisionChoice>(EMPTY_DECISION);
  const [paidOn, setPaidOn] = React.useState('');
  const [documents, setDocuments] = React.useState<File[]>([]);
  const [voucherNo, setVoucherNo] = React.useState('');
  const [period, setPeriod] = React.useState(defaultPeriod);
  const [assignees, setAssignees] = React.useState<number[]>([]);
  const [drawField, setDrawField] = React.useState('');
  const [drawSize, setDrawSize] = React.useState('');
  const [hasConflict, setHasConflict] = React.useState<boolean | null>(null);
  const [finding, setFinding] = React.useState('');
  // 追回资金 acts on the newest supervision finding that funds be recovered, unless another is chosen.
  const recoverFindings: any[] = (detail.timeline ?? []).filter((r: any) => r.finding === 'clawback').reverse();
  const [basedOn, setBasedOn] = React.useState<string>(recoverFindings[0] ? String(recoverFindings[0].seq) : '');
  const [busy, setBusy] = React.useState(false);
  const [failure, setFailure] = React.useState<string | null>(null);
  const action = actions.find((a) => a.key === chosen);
  const requires = action?.requires ?? {};
  const stage = (detail.workflow?.stages ?? []).find((s: any) => s.key === detail.state);
  const rubric: any[] = stage?.panel?.rubric ?? [];
  // The award is computed live only where the amount is the recognised base; a payment or a clawback is an amount of its own.
  const recognising = requires.amount && action?.key === 'recognise';
  const award = recognising ? liveAward(detail.program, amount) : {};
  // An expert of a drawn panel declares in a step of its own: no tick for it.
  const panelExpert = actions.some((a) => a.requires?.interestDeclaration || a.requires?.declaredNoConflict);
  const declared = coi || panelExpert;

  if (!actions.length) {
    return (
      <Section title="办理" testid="app-actions">
        <Typography textColor="neutral600" data-testid="no-actions">
          当前环节没有您可以办理的操作
        </Typography>
      </Section>
    );
  }

  const submit = async () => {
    setFailure(null);
    const body: Record<string, unknown> = { action: chosen, version: detail.version };
    if (requires.opinion || opinion.trim()) body.opinion = opinion.trim();
    if (requires.flaggedFields) body.flaggedFields = flagged;
    if (requires.scores) body.scores = Object.fromEntries(rubric.map((r) => [r.key, scores[r.key] === undefined || scores[r.key] === '' ? null : Number(scores[r.key])]));
    if (requires.amount) {
      try {
        body.amountFen = parseAmount(amount, AMOUNT_LABELS[chosen ?? ''] ?? '认定金额');
      } catch (error) {
        return setFailure((error as Error).message);
      }
    }
    if (requires.assignees) body.assignees = assignees;
    if (requires.panelDraw) Object.assign(body, { field: drawField || undefined, panelSize: drawSize === '' ? (stage?.panel?.requiredScores ?? null) : Number(drawSize) });
    if (requires.interestDeclaration) body.hasConflict = hasConflict;
    if (requires.payment) body.payment = { paidOn, voucherNo: voucherNo.trim() };
    if (requires.finding) body.finding = finding;
    if (chosen === 'clawback' && basedOn) body.basedOn = Number(basedOn);
    if (!panelExpert) body.coiDeclared = coi;
    setBusy(true);
    try {
      // A 公示 starts as a batch, here of this one application; the bulk action starts it for many.
      if (requires.startsPublicity) await startPublicity(post, [detail.documentId], detail.state, period);
      else {
        if (requires.decisionRecord) body.decisionRecord = await decisionRecordFor(post, decision);
        // The documents a step names are uploaded to the application first, then named by id.
        if (requires.attachments) body.attachments = await uploadDocuments(post, detail.documentId, documents);
        await post(`/shenbao/applications/${detail.documentId}/transitions`, body);
      }
      setChosen(null);
      setOpinion('');
      setFlagged([]);
      setScores({});
      setAmount('');
      setHasConflict(null);
      reload();
    } catch (error) {
      setFailure(refusalMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="办理" testid="app-actions">
      {!panelExpert && (
        <label style={{ display: 'block', marginBottom: 12, padding: 10, background: '#fdf4dc', borderRadius: 4 }}>
          <input type="checkbox" checked={coi} onChange={(e) => setCoi(e.target.checked)} data-testid="action-coi" /> 本人声明：与申报单位不存在利益关联（利益冲突回避声明）
        </label>
      )}
      <Flex gap={2} wrap="wrap">
        {actions.map((a) => (
          <Button key={a.key} variant={chosen === a.key ? 'default' : 'secondary'} onClick={() => setChosen(a.key)} data-testid={`action-${a.key}`} disabled={!declared}>
            {a.label}
          </Button>
        ))}
      </Flex>
      {action && (
        <Box paddingTop={4} data-testid="action-form">
          {requires.panelDraw && <DrawFields drawable={detail.drawable} field={drawField} size={drawSize === '' ? String(stage?.panel?.requiredScores ?? '') : drawSize} onField={setDrawField} onSize={setDrawSize} />}
          {requires.interestDeclaration && <DeclarationFields value={hasConflict} note={opinion} onValue={setHasConflict} onNote={setOpinion} />}
          {requires.scores && <ScoreFields rubric={rubric} scores={scores} onScore={(key, value) => setScores((s) => ({ ...s, [key]: value }))} />}
          {(requires.opinion || ['assign', 'score', 'start_publicity', 'declare'].indexOf(action.key) < 0) && (
            <label style={{ display: 'block', marginBottom: 12 }}>
              {requires.scores ? '评审意见' : '办理意见'}{requires.opinion ? '（必填）' : '（可选）'}
              <textarea rows={3} value={opinion} onChange={(e) => setOpinion(e.target.value)} style={inputStyle} data-testid="action-opinion" />
            </label>
          )}
          {requires.flaggedFields && (
            <fieldset style={{ marginBottom: 12, border: '1px solid #dcdce4', borderRadius: 4, padding: 10 }} data-testid="action-flagged">
              <legend>需要补正的字段（至少一项）</legend>
              {fieldChoices(detail.form?.definition).map((f) => (
                <label key={f.key} style={{ display: 'inline-block', marginRight: 16 }}>
                  <input
                    type="checkbox"
                    data-testid={`flag-${f.key}`}
                    checked={flagged.includes(f.key)}
                    onChange={(e) => setFlagged((s) => (e.target.checked ? [...s, f.key] : s.filter((x) => x !== f.key)))}
                  />{' '}
                  {f.label}
                </label>
              ))}
            </fieldset>
          )}
          {requires.amount && (
            <label style={{ display: 'block', marginBottom: 12 }}>
              {AMOUNT_LABELS[action.key] ?? '认定金额'}（如 1234.56元 或 800万元）
              <input value={amount} onChange={(e) => setAmount(e.target.value)} style={inputStyle} data-testid="action-amount" />
              {recognising && (
                <div style={{ marginTop: 6 }} data-testid="action-award">
                  {award.error && <span style={{ color: '#d02b20' }}>{award.error}</span>}
                  {award.awardFen !== undefined && (
                    <span>
                      拟奖补金额：<strong data-testid="action-award-value">{formatMoney(award.awardFen)}</strong>
                      （比例 {(detail.program?.ratioBp ?? 0) / 100}%，上限 {formatMoney(detail.program?.capFen)}{award.capApplied ? '，已封顶' : ''}）
                    </span>
                  )}
                </div>
              )}
            </label>
          )}
          {requires.decisionRecord && <PartyDecisionFields value={decision} onChange={setDecision} />}
          {requires.startsPublicity && <PublicityPeriodFields value={period} onChange={setPeriod} />}
          {requires.attachments && (
            <label style={{ display: 'block', marginBottom: 12 }}>
              相关材料（如核查结论，PDF、JPG 或 PNG，至少一份）
              <input type="file" multiple accept=".pdf,.jpg,.jpeg,.png" onChange={(e) => setDocuments([...(e.target.files ?? [])])} style={inputStyle} data-testid="action-documents" />
            </label>
          )}
          {requires.finding && (
            <label style={{ display: 'block', marginBottom: 12 }}>
              结论（必选）
              <select value={finding} onChange={(e) => setFinding(e.target.value)} style={inputStyle} data-testid="action-finding">
                <option value="">请选择</option>
                {Object.entries(FINDINGS).map(([key, label]) => (
                  <option key={key} value={key}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          )}
          {action.key === 'clawback' && (
            <label style={{ display: 'block', marginBottom: 12 }}>
              依据的监督记录（可选）
              <select value={basedOn} onChange={(e) => setBasedOn(e.target.value)} style={inputStyle} data-testid="action-based-on">
                <option value="">不依据监督记录</option>
                {recoverFindings.map((r: any) => (
                  <option key={r.seq} value={String(r.seq)}>
                    第{r.seq}号记录：{actionLabelIn(detail.workflow, r.fromState, r.action)}（{formatTime(r.occurredAt)}）
                  </option>
                ))}
              </select>
            </label>
          )}
          {requires.payment && (
            <fieldset style={{ marginBottom: 12, border: '1px solid #dcdce4', borderRadius: 4, padding: 10 }} data-testid="action-payment">
              <legend>拨付凭证（拨付金额应等于奖补金额 {formatMoney(detail.awardFen)}）</legend>
              <label>
                拨付日期
                <input type="date" value={paidOn} onChange={(e) => setPaidOn(e.target.value)} style={inputStyle} data-testid="payment-date" />
              </label>
              <label>
                凭证号
                <input value={voucherNo} onChange={(e) => setVoucherNo(e.target.value)} style={inputStyle} data-testid="payment-voucher" placeholder="如：武数拨〔2026〕001号" />
              </label>
            </fieldset>
          )}
          {requires.assignees && (
            <fieldset style={{ marginBottom: 12, border: '1px solid #dcdce4', borderRadius: 4, padding: 10 }} data-testid="action-assignees">
              <legend>{requires.assignees === 'institution' ? '选择第三方机构' : '选择评审专家'}</legend>
              {(detail.assigneeCandidates ?? [])
                .filter((c: any) => c.role === requires.assignees)
                .map((c: any) => (
                  <label key={c.id} style={{ display: 'block' }}>
                    <input
                      type={requires.assignees === 'institution' ? 'radio' : 'checkbox'}
                      name="assignee"
                      data-testid={`assignee-${c.id}`}
                      checked={assignees.includes(c.id)}
                      onChange={(e) => setAssignees((s) => (requires.assignees === 'institution' ? [c.id] : e.target.checked ? [...s, c.id] : s.filter((x) => x !== c.id)))}
                    />{' '}
                    {c.name}
                    {c.institution ? `（${c.institution}）` : ''}
                  </label>
                ))}
            </fieldset>
          )}
          {failure && (
            <p style={{ color: '#d02b20' }} data-testid="action-error">
              {failure}
            </p>
          )}
          <Flex gap={2}>
            <Button onClick={submit} loading={busy} data-testid="action-submit">
              确认{action.label}
            </Button>
            <Button variant="tertiary" onClick={() => setChosen(null)}>
              取消
            </Button>
          </Flex>
        </Box>
      )}
    </Section>
  );
}

export default function ApplicationPage() {
  const { documentId } = useParams<{ documentId: string }>();
  const { get } = useFetchClient();
  const [detail, setDetail] = React.useState<any>(null);
  const [failure, setFailure] = React.useState<string | null>(null);
  const load = React.useCallback(() => {
    get<{ data: any }>(`/shenbao/applications/${documentId}`)
      .then(({ data }) => {
        setDetail(data.data);
        setFailure(null);
      })
      .catch((error) => setFailure(refusalMessage(error, '申报加载失败')));
  }, [documentId]);
  React.useEffect(load, [load]);

  return (
    <Box padding={8} background="neutral100" data-testid="desk-application">
      <Link to="../.." relative="path" data-testid="desk-back">
        ← 返回审核工作台
      </Link>
      {failure && (
        <Box padding={3} background="danger100" marginTop={3} data-testid="app-error">
          <Typography textColor="danger700">{failure}</Typography>
        </Box>
      )}
      {detail && (
        <>
          <Box paddingTop={4} paddingBottom={4}>
            <Typography variant="alpha" tag="h1">
              {detail.title}
            </Typography>
            <div style={{ marginTop: 6, color: '#666687' }}>
              {detail.serialNo ?? '（未编号）'} · {detail.organization?.name} · {detail.organization?.uscc} ·{' '}
              <span data-testid="app-legal-form">
                <LegalFormText form={statedLegalForm(detail)} />
              </span>{' '}
              · 当前环节：
              <strong data-testid="app-state" data-state={detail.state}>{stageLabelIn(detail.workflow, detail.state)}</strong>
              {detail.program?.name ? ` · ${detail.program.name}` : ''}
              {detail.awardFen !== null && detail.awardFen !== undefined ? ` · 拟奖补 ${formatMoney(detail.awardFen)}` : ''}
            </div>
          </Box>
          <Actions detail={detail} reload={load} />
          <PanelReview panel={detail.panel} />
          <Objections detail={detail} reload={load} />
          <Eligibility detail={detail} />
          <Diffs detail={detail} />
          <Answers detail={detail} />
          <Timeline detail={detail} />
        </>
      )}
    </Box>
  );
}
