import { useState, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { CaseOutcome, NonAcceptanceGround, Satisfaction } from '../../gql/enums';
import type { CenterCaseDetailQuery } from '../../gql/graphql';
import type { ApiError } from '../../app/errors';
import { formatDateTime, formatMoney } from '../../app/format';
import {
  CASE_CHANNEL_LABELS,
  CASE_OUTCOME_LABELS,
  CASE_TYPE_LABELS,
  DEADLINE_KIND_LABELS,
  DISPUTE_STATUS_LABELS,
  GROUND_LABELS,
  SATISFACTION_LABELS,
  optionsOf,
} from '../../app/labels';
import { useSignedIn } from '../../app/session';
import { Badge, Button, DeadlineBadge, Details, Empty, Loading, PageHeader, useNow } from '../../ui/common';
import { ErrorBanner, Form, SelectField, TextAreaField, TextField, optional, useFormValues } from '../../ui/form';
import { useOrgUnitOptions } from '../stations/org-units';
import { handledBy, MOVE_LABELS, OUTCOMES_BY_TYPE, validMoves, type CaseMove } from './case-moves';
import { CaseStatusBadge } from './case-status';

const CaseQuery = graphql(`
  query CenterCaseDetail($id: ID!) {
    centerCase(id: $id) {
      id
      caseNumber
      type
      channel
      status
      subject
      description
      receivedAt
      complainantName
      complainantPhone
      respondentName
      respondentCreditCode
      amountClaimed
      registeredUnit {
        id
        name
      }
      assignedUnit {
        id
        name
      }
      acceptedAt
      assignedAt
      returnBy
      extendedAt
      rejectionGround
      rejectionNote
      complainantNotifiedAt
      returnReason
      urgeCount
      waitingDeadlines
      outcome
      amountRecovered
      closeNote
      closedAt
      closedBy {
        id
        displayName
      }
      registeredBy {
        id
        displayName
      }
      coHandler {
        id
        displayName
      }
      feedbackNote
      feedbackAt
      archivedAt
      deadlines {
        kind
        dueAt
        metAt
        breached
        extended
      }
      sourceStation {
        id
        name
        code
      }
      sourceDispute {
        id
        caseNumber
        status
        openedAt
        claimType
        escalatedAt
        escalationReason
      }
      callbacks {
        id
        satisfaction
        comment
        calledAt
        calledBy {
          id
          displayName
        }
      }
    }
  }
`);

const AcceptMutation = graphql(`
  mutation CenterAccept($id: ID!) {
    acceptCase(id: $id) {
      id
      status
      acceptedAt
    }
  }
`);

const RejectMutation = graphql(`
  mutation CenterReject($id: ID!, $ground: NonAcceptanceGround!, $note: String) {
    rejectCase(id: $id, ground: $ground, note: $note) {
      id
      status
      rejectionGround
      rejectionNote
    }
  }
`);

const AssignMutation = graphql(`
  mutation CenterAssign($id: ID!, $orgUnitId: ID!) {
    assignCase(id: $id, orgUnitId: $orgUnitId) {
      id
      status
      assignedAt
    }
  }
`);

const ReturnMutation = graphql(`
  mutation CenterReturn($id: ID!, $reason: String!) {
    returnCase(id: $id, reason: $reason) {
      id
      status
      returnReason
    }
  }
`);

const ExtendMutation = graphql(`
  mutation CenterExtend($id: ID!, $reason: String!) {
    extendCase(id: $id, reason: $reason) {
      id
      status
      extendedAt
    }
  }
`);

const UrgeMutation = graphql(`
  mutation CenterUrge($id: ID!, $note: String!) {
    urgeCase(id: $id, note: $note) {
      id
      status
      urgeCount
    }
  }
`);

const RespondMutation = graphql(`
  mutation CenterRespond($id: ID!, $note: String!) {
    respondToUrge(id: $id, note: $note) {
      id
      status
    }
  }
`);

const CloseMutation = graphql(`
  mutation CenterClose($id: ID!, $input: CloseCaseInput!) {
    closeCase(id: $id, input: $input) {
      id
      status
      outcome
      closedAt
    }
  }
`);

const CoHandlersQuery = graphql(`
  query CenterCoHandlerCandidates($caseId: ID!) {
    caseCoHandlerCandidates(caseId: $caseId) {
      id
      displayName
    }
  }
`);

const FeedbackMutation = graphql(`
  mutation CenterFeedback($id: ID!, $note: String!) {
    giveFeedback(id: $id, note: $note) {
      id
      status
      feedbackAt
    }
  }
`);

const CallbackMutation = graphql(`
  mutation CenterCallback($caseId: ID!, $input: CallbackInput!) {
    recordCallback(caseId: $caseId, input: $input) {
      id
      satisfaction
      calledAt
      centerCase {
        id
        status
      }
    }
  }
`);

const ArchiveMutation = graphql(`
  mutation CenterArchive($id: ID!) {
    archiveCase(id: $id) {
      id
      status
      archivedAt
    }
  }
`);

type CaseData = NonNullable<CenterCaseDetailQuery['centerCase']>;

const required = (field: string, message: string): ApiError => ({ code: 'BAD_USER_INPUT', field, message });

/** One center case: the moves valid for its state and the caller's role, deadlines, details, call-backs. */
export default function CasePage() {
  const { id = '' } = useParams();
  const session = useSignedIn();
  const location = useLocation();
  const now = useNow();
  const [{ data, fetching, error }] = useQuery({ query: CaseQuery, variables: { id } });
  const [move, setMove] = useState<CaseMove | null>(null);
  const [accepted, accept] = useMutation(AcceptMutation);
  const c = data?.centerCase;
  // The caller's units: which moves the API will take from them (validMoves).
  const { options: units, fetching: unitsFetching } = useOrgUnitOptions();
  const scope = new Set(units.map((u) => u.value));

  if ((fetching && !c) || (unitsFetching && !units.length)) return <Loading />;
  if (error) return <ErrorBanner error={error} />;
  if (!c) return <p>案件不存在。</p>;

  const moves = validMoves(c, session.user.roles, session.user.id, (unitId) => scope.has(unitId));
  // Cross call-back: the operator who closed the case is told why the call-back is not offered.
  const closerOfCallbackCase =
    session.user.roles.includes('CENTER_OPERATOR') && (c.status === 'CLOSED' || c.status === 'FEEDBACK_GIVEN') && c.type !== 'CONSULTATION' && handledBy(c, session.user.id);
  const done = () => setMove(null);
  return (
    <section>
      <PageHeader
        title={`中心案件 ${c.caseNumber}`}
        actions={
          <Link className="btn btn-secondary" to="/center">
            返回队列
          </Link>
        }
      >
        <p>
          <CaseStatusBadge status={c.status} /> {CASE_TYPE_LABELS[c.type]} · {CASE_CHANNEL_LABELS[c.channel]} · 接收于 {formatDateTime(c.receivedAt)}
          {c.urgeCount ? (
            <>
              {' '}
              <Badge tone="warning">已催办 {c.urgeCount} 次</Badge>
            </>
          ) : null}
        </p>
      </PageHeader>

      {(location.state as { registered?: boolean } | null)?.registered ? <p className="notice notice-success">已登记，案件编号 {c.caseNumber}。</p> : null}

      <div className="panel" data-testid="case-moves">
        <h2>办理</h2>
        {moves.length === 0 ? <Empty>{c.status === 'ARCHIVED' ? '案件已归档，只读。' : '当前状态下您没有可办理的操作。'}</Empty> : null}
        <div className="form-actions">
          {moves.map((m) =>
            m === 'accept' ? (
              <Button key={m} variant="primary" busy={accepted.fetching} onClick={() => accept({ id: c.id }).then(done)}>
                {MOVE_LABELS[m]}
              </Button>
            ) : (
              <Button key={m} variant={m === 'reject' || m === 'return' ? 'danger' : 'secondary'} aria-pressed={move === m} onClick={() => setMove(move === m ? null : m)}>
                {MOVE_LABELS[m]}
              </Button>
            ),
          )}
        </div>
        {closerOfCallbackCase ? (
          <p className="muted" data-testid="callback-closer">
            本案由您办理（办结或协办），回访须由办理人员以外的人员进行（交叉回访）。
          </p>
        ) : null}
        <ErrorBanner error={accepted.error} />
        {move && moves.includes(move) ? <MoveForm c={c} move={move} onDone={done} /> : null}
      </div>

      <div className="panel" data-testid="deadlines">
        <h2>办理时限</h2>
        {c.deadlines.length === 0 && !c.waitingDeadlines.length ? <Empty>没有时限记录。</Empty> : null}
        {c.waitingDeadlines.length ? (
          <p className="notice" data-testid="waiting-deadlines">
            {c.waitingDeadlines.map((k) => DEADLINE_KIND_LABELS[k]).join('、')}跨入尚未发布节假日安排的年份，待该年度日历发布后自动起算。
          </p>
        ) : null}
        {c.deadlines.length > 0 ? (
          <div className="table-wrap">
            <table className="table" aria-label="办理时限">
              <thead>
                <tr>
                  <th scope="col">时限</th>
                  <th scope="col">期限</th>
                  <th scope="col">完成时间</th>
                </tr>
              </thead>
              <tbody>
                {c.deadlines.map((d, i) => (
                  <tr key={`${d.kind}-${i}`} className={d.breached ? 'row-overdue' : undefined}>
                    <td>
                      {DEADLINE_KIND_LABELS[d.kind]}
                      {d.extended ? (
                        <>
                          {' '}
                          <Badge tone="info">已延期</Badge>
                        </>
                      ) : null}
                      {d.breached ? (
                        <>
                          {' '}
                          <Badge tone="danger">已超期</Badge>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <DeadlineBadge deadline={d.dueAt} done={!!d.metAt} now={now} />
                    </td>
                    <td>{d.metAt ? formatDateTime(d.metAt) : <span className="muted">进行中</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>

      <CaseDetails c={c} />

      {c.sourceDispute || c.sourceStation ? (
        <div className="panel">
          <h2>服务站提交</h2>
          <Details
            items={[
              ['服务站', c.sourceStation ? `${c.sourceStation.name}（${c.sourceStation.code}）` : null],
              ['纠纷受理编号', c.sourceDispute?.caseNumber],
              ['纠纷状态', c.sourceDispute ? DISPUTE_STATUS_LABELS[c.sourceDispute.status] : null],
              ['站点受理时间', formatDateTime(c.sourceDispute?.openedAt)],
              ['提交中心时间', formatDateTime(c.sourceDispute?.escalatedAt)],
              ['提交原因', c.sourceDispute?.escalationReason],
            ]}
          />
        </div>
      ) : null}

      <div className="panel">
        <h2>回访记录</h2>
        {c.callbacks.length === 0 ? <Empty>尚未回访。</Empty> : null}
        <ul className="plain-list">
          {c.callbacks.map((cb) => (
            <li key={cb.id}>
              {formatDateTime(cb.calledAt)} · {cb.calledBy.displayName} · {SATISFACTION_LABELS[cb.satisfaction]}
              {cb.comment ? `：${cb.comment}` : ''}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function CaseDetails({ c }: { c: CaseData }) {
  return (
    <div className="panel">
      <h2>登记内容</h2>
      <Details
        items={[
          ['事由', c.subject],
          ['登记单位', c.registeredUnit.name],
          ['首问责任人', c.registeredBy?.displayName],
          [c.type === 'REPORT' ? '举报人' : '投诉人', c.complainantName ?? '（不可见）'],
          ['联系电话', c.complainantPhone ?? '（不可见）'],
          ['被投诉方', c.respondentName],
          ['统一社会信用代码', c.respondentCreditCode],
          ['诉求金额', formatMoney(c.amountClaimed)],
          ['承办单位', c.assignedUnit?.name],
          ['受理时间', formatDateTime(c.acceptedAt)],
          ['转办时间', formatDateTime(c.assignedAt)],
          ['退回时限', c.returnBy ? `${formatDateTime(c.returnBy)} 前（逾期由分流中心收回改派）` : null],
          ['延长时限', formatDateTime(c.extendedAt)],
          ['退回原因', c.returnReason],
        ]}
      />
      <h3>详细情况</h3>
      <p style={{ whiteSpace: 'pre-wrap' }}>{c.description}</p>
      {c.status === 'REJECTED' ? (
        <>
          <h3>不予受理</h3>
          <Details
            items={[
              ['情形', c.rejectionGround ? GROUND_LABELS[c.rejectionGround] : null],
              ['说明', c.rejectionNote],
              ['告知投诉人', formatDateTime(c.complainantNotifiedAt)],
            ]}
          />
        </>
      ) : null}
      {c.closedAt ? (
        <>
          <h3>办结与反馈</h3>
          <Details
            items={[
              ['办结时间', formatDateTime(c.closedAt)],
              ['办结人', c.closedBy?.displayName],
              ['协办人', c.coHandler?.displayName],
              ['办结结果', c.outcome ? CASE_OUTCOME_LABELS[c.outcome] : null],
              ['挽回经济损失', formatMoney(c.amountRecovered)],
              ['办结情况', c.closeNote],
              ['反馈时间', formatDateTime(c.feedbackAt)],
              ['反馈内容', c.feedbackNote],
              ['归档时间', formatDateTime(c.archivedAt)],
            ]}
          />
        </>
      ) : null}
    </div>
  );
}

function MoveForm({ c, move, onDone }: { c: CaseData; move: CaseMove; onDone(): void }) {
  switch (move) {
    case 'reject':
      return <RejectForm id={c.id} onDone={onDone} />;
    case 'assign':
      return <AssignForm id={c.id} onDone={onDone} />;
    case 'close':
      return <CloseForm c={c} onDone={onDone} />;
    case 'callback':
      return <CallbackForm id={c.id} onDone={onDone} />;
    case 'archive':
      return <ArchiveForm id={c.id} onDone={onDone} />;
    case 'return':
    case 'extend':
    case 'urge':
    case 'respond':
    case 'feedback':
      return <TextMoveForm id={c.id} move={move} onDone={onDone} />;
    case 'accept':
      return null;
  }
}

function Subpanel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="subpanel">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

function Actions({ label, busy, onCancel, variant = 'primary' }: { label: string; busy: boolean; onCancel(): void; variant?: 'primary' | 'danger' }) {
  return (
    <div className="form-actions">
      <Button type="submit" variant={variant} busy={busy}>
        {label}
      </Button>
      <Button onClick={onCancel}>取消</Button>
    </div>
  );
}

function RejectForm({ id, onDone }: { id: string; onDone(): void }) {
  const { values, bind } = useFormValues({ ground: '', note: '' });
  const [result, reject] = useMutation(RejectMutation);
  const [missing, setMissing] = useState(false);
  const submit = async () => {
    setMissing(!values.ground);
    if (!values.ground) return;
    const res = await reject({ id, ground: values.ground as NonAcceptanceGround, note: optional(values.note) });
    if (res.data) onDone();
  };
  return (
    <Subpanel title="不予受理">
      <Form error={missing ? [required('ground', '请选择不予受理的情形')] : result.error} onSubmit={submit} aria-label="不予受理">
        <SelectField name="ground" label="不予受理情形" required placeholder="请选择" options={optionsOf(GROUND_LABELS)} {...bind('ground')} />
        <TextAreaField name="note" label="说明" hint="将连同情形告知投诉人" {...bind('note')} />
        <Actions label="确认不予受理" variant="danger" busy={result.fetching} onCancel={onDone} />
      </Form>
    </Subpanel>
  );
}

function AssignForm({ id, onDone }: { id: string; onDone(): void }) {
  const { options } = useOrgUnitOptions();
  const { values, bind } = useFormValues({ orgUnitId: '' });
  const [result, assign] = useMutation(AssignMutation);
  const [missing, setMissing] = useState(false);
  const submit = async () => {
    setMissing(!values.orgUnitId);
    if (!values.orgUnitId) return;
    const res = await assign({ id, orgUnitId: values.orgUnitId });
    if (res.data) onDone();
  };
  return (
    <Subpanel title="分流转办">
      <Form error={missing ? [required('orgUnitId', '请选择承办单位')] : result.error} onSubmit={submit} aria-label="分流转办">
        <SelectField name="orgUnitId" label="承办单位" required hint="有管辖权的单位" placeholder="请选择" options={options} {...bind('orgUnitId')} />
        <Actions label="确认转办" busy={result.fetching} onCancel={onDone} />
      </Form>
    </Subpanel>
  );
}

const TEXT_MOVES = {
  return: { title: '退回（非本单位管辖）', name: 'reason', label: '退回原因', submit: '确认退回' },
  extend: { title: '延长办理时限（一次）', name: 'reason', label: '延长原因', submit: '确认延长' },
  urge: { title: '催办', name: 'note', label: '催办意见', submit: '确认催办' },
  respond: { title: '回复催办', name: 'note', label: '回复内容（办理进展）', submit: '确认回复' },
  feedback: { title: '反馈办理结果', name: 'note', label: '反馈内容', submit: '确认反馈' },
} as const;

function TextMoveForm({ id, move, onDone }: { id: string; move: keyof typeof TEXT_MOVES; onDone(): void }) {
  const spec = TEXT_MOVES[move];
  const { values, bind } = useFormValues({ text: '' });
  const [returned, doReturn] = useMutation(ReturnMutation);
  const [extended, extend] = useMutation(ExtendMutation);
  const [urged, urge] = useMutation(UrgeMutation);
  const [responded, respond] = useMutation(RespondMutation);
  const [fed, feedback] = useMutation(FeedbackMutation);
  const result = { return: returned, extend: extended, urge: urged, respond: responded, feedback: fed }[move];
  const submit = async () => {
    const text = values.text;
    const res =
      move === 'return'
        ? await doReturn({ id, reason: text })
        : move === 'extend'
          ? await extend({ id, reason: text })
          : move === 'urge'
            ? await urge({ id, note: text })
            : move === 'respond'
              ? await respond({ id, note: text })
              : await feedback({ id, note: text });
    if (res.data) onDone();
  };
  return (
    <Subpanel title={spec.title}>
      <Form error={result.error} onSubmit={submit} aria-label={spec.title}>
        <TextAreaField name={spec.name} label={spec.label} required {...bind('text')} />
        <Actions label={spec.submit} variant={move === 'return' ? 'danger' : 'primary'} busy={result.fetching} onCancel={onDone} />
      </Form>
    </Subpanel>
  );
}

function CloseForm({ c, onDone }: { c: CaseData; onDone(): void }) {
  const outcomes = OUTCOMES_BY_TYPE[c.type];
  const { values, bind } = useFormValues({ outcome: outcomes.length === 1 ? outcomes[0] : '', amountRecovered: '', note: '', coHandlerId: '' });
  const [result, close] = useMutation(CloseMutation);
  // A routed case is handled by two officers or more (001 第十四条): the second is named here.
  const routed = !!c.assignedUnit;
  const [candidates] = useQuery({ query: CoHandlersQuery, variables: { caseId: c.id }, pause: !routed });
  const [missing, setMissing] = useState(false);
  const complaint = c.type === 'COMPLAINT';
  const submit = async () => {
    setMissing(!values.outcome);
    if (!values.outcome) return;
    const res = await close({
      id: c.id,
      input: { outcome: values.outcome as CaseOutcome, note: values.note, amountRecovered: complaint ? optional(values.amountRecovered) : null, coHandlerId: optional(values.coHandlerId) },
    });
    if (res.data) onDone();
  };
  return (
    <Subpanel title="办结">
      <Form error={missing ? [required('outcome', '请选择办结结果')] : result.error} onSubmit={submit} aria-label="办结">
        <SelectField
          name="outcome"
          label="办结结果"
          required
          placeholder="请选择"
          options={outcomes.map((o) => ({ value: o, label: CASE_OUTCOME_LABELS[o] }))}
          {...bind('outcome')}
        />
        {complaint ? <TextField name="amountRecovered" label="挽回经济损失（元）" hint="两位小数，可不填" inputMode="decimal" {...bind('amountRecovered')} /> : null}
        <TextAreaField name="note" label="办结情况" required {...bind('note')} />
        {routed ? (
          <SelectField
            name="coHandlerId"
            label="协办人"
            hint="分流案件由两名以上人员办理：请选择与您共同办理的另一名人员"
            placeholder="（未指定）"
            options={(candidates.data?.caseCoHandlerCandidates ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
            {...bind('coHandlerId')}
          />
        ) : null}
        <Actions label="确认办结" busy={result.fetching} onCancel={onDone} />
      </Form>
    </Subpanel>
  );
}

function CallbackForm({ id, onDone }: { id: string; onDone(): void }) {
  const { values, bind } = useFormValues({ satisfaction: '', comment: '' });
  const [result, record] = useMutation(CallbackMutation);
  const [missing, setMissing] = useState(false);
  const submit = async () => {
    setMissing(!values.satisfaction);
    if (!values.satisfaction) return;
    const res = await record({ caseId: id, input: { satisfaction: values.satisfaction as Satisfaction, comment: optional(values.comment) } });
    if (res.data) onDone();
  };
  return (
    <Subpanel title="回访（由办结人以外的人员进行）">
      <Form error={missing ? [required('satisfaction', '请选择满意度')] : result.error} onSubmit={submit} aria-label="回访">
        <SelectField name="satisfaction" label="满意度" required placeholder="请选择" options={optionsOf(SATISFACTION_LABELS)} {...bind('satisfaction')} />
        <TextAreaField name="comment" label="意见" {...bind('comment')} />
        <Actions label="保存回访" busy={result.fetching} onCancel={onDone} />
      </Form>
    </Subpanel>
  );
}

function ArchiveForm({ id, onDone }: { id: string; onDone(): void }) {
  const [result, archive] = useMutation(ArchiveMutation);
  const submit = async () => {
    const res = await archive({ id });
    if (res.data) onDone();
  };
  return (
    <Subpanel title="归档">
      <Form error={result.error} onSubmit={submit} aria-label="归档">
        <p>归档后案件只读，不能再办理。</p>
        <Actions label="确认归档" busy={result.fetching} onCancel={onDone} />
      </Form>
    </Subpanel>
  );
}
