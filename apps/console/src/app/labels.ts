import type {
  ApplicationStatus,
  CaseChannel,
  CaseOutcome,
  CaseType,
  CenterCaseStatus,
  ClaimType,
  DeadlineKind,
  DisputeIssueType,
  InspectionResult,
  DisputeStatus,
  NonAcceptanceGround,
  PeriodKind,
  Role,
  RoundPhase,
  Satisfaction,
  StationCategory,
  StationStatus,
} from '../gql/enums';

/**
 * Chinese labels of the API's enums. `Record<Enum, string>` makes a new enum value fail the
 * type check until it has a label. Add other enums here (one module for all pages).
 */

export const ROLE_LABELS: Record<Role, string> = {
  PLATFORM_ADMIN: '平台管理员',
  TENANT_ADMIN: '租户管理员',
  OFFICER: '执法人员',
  CENTER_OPERATOR: '12315 中心人员',
  STATION_STAFF: '服务站工作人员',
  EVALUATOR: '评审专家',
};

export const DISPUTE_STATUS_LABELS: Record<DisputeStatus, string> = {
  OPEN: '受理中',
  SETTLED: '已和解',
  DECLINED: '不予受理',
  WITHDRAWN: '消费者撤回',
  ESCALATING: '正在提交中心',
  ESCALATED: '已提交中心',
};

export const CLAIM_TYPE_LABELS: Record<ClaimType, string> = {
  REFUND: '退货',
  EXCHANGE: '换货',
  REPAIR: '修理',
  COMPENSATION: '赔偿',
  OTHER: '其它',
};

export const ISSUE_TYPE_LABELS: Record<DisputeIssueType, string> = {
  QUALITY: '质量',
  AFTER_SALES: '售后服务',
  CONTRACT: '合同',
  FALSE_ADVERTISING: '虚假宣传',
  PRICE: '价格',
  MEASUREMENT: '计量',
  SAFETY: '安全',
  FOOD_SAFETY: '食品安全',
  OTHER: '其它',
};

/** 001 不受理范围 (《工商行政管理机关受理消费者申诉暂行办法》) and jurisdiction. */
export const GROUND_LABELS: Record<NonAcceptanceGround, string> = {
  NO_IDENTIFIABLE_RESPONDENT: '没有明确的被投诉方',
  BEYOND_WARRANTY_OR_SHELF_LIFE: '超过三包有效期或保质期，被投诉方不再负有违约责任',
  SETTLED_WITHOUT_NEW_FACTS: '已达成调解协议并已履行，且无新情况、新理由、新证据',
  BEFORE_COURT_OR_OTHER_AUTHORITY: '法院、仲裁机构或其他行政部门已受理或已处理',
  TIME_BARRED: '超过法定时效',
  NOT_COVERED_BY_LAW: '不属于法律、法规规定的受理范围',
  OUTSIDE_JURISDICTION: '不属于本机构管辖',
  NOT_A_CONSUMER_DISPUTE: '不属于消费争议',
  INSUFFICIENT_EVIDENCE: '缺乏必要的证据',
};

export const STATION_CATEGORY_LABELS: Record<StationCategory, string> = {
  MALL: '商场',
  SUPERMARKET: '超市',
  MARKET: '市场',
  ENTERPRISE: '企业',
  SCENIC_AREA: '景区',
  OTHER: '其它',
};

export const STATION_STATUS_LABELS: Record<StationStatus, string> = {
  PENDING: '待审批',
  ACTIVE: '正常',
  SUSPENDED: '暂停',
  REVOKED: '已撤销',
};

export const CENTER_CASE_STATUS_LABELS: Record<CenterCaseStatus, string> = {
  REGISTERED: '已登记',
  ACCEPTED: '已受理',
  REJECTED: '不予受理',
  ASSIGNED: '已转办',
  CLOSED: '已办结',
  FEEDBACK_GIVEN: '已反馈',
  ARCHIVED: '已归档',
};

export const CASE_TYPE_LABELS: Record<CaseType, string> = {
  CONSULTATION: '咨询',
  COMPLAINT: '投诉',
  REPORT: '举报',
};

export const CASE_CHANNEL_LABELS: Record<CaseChannel, string> = {
  STATION: '服务站',
  PHONE: '电话',
  WEB: '网络',
  LETTER: '信函',
  VISIT: '来访',
  FAX: '传真',
  TRANSFER: '转办',
};

export const CASE_OUTCOME_LABELS: Record<CaseOutcome, string> = {
  ANSWERED: '已解答',
  MEDIATED: '调解成功',
  NOT_MEDIATED: '调解不成',
  TERMINATED: '终止调解',
  CASE_OPENED: '已立案',
  NO_CASE_OPENED: '不予立案',
};

export const DEADLINE_KIND_LABELS: Record<DeadlineKind, string> = {
  ACCEPTANCE: '受理时限',
  ROUTING: '分流时限',
  HANDLING: '办理时限',
  FEEDBACK: '反馈时限',
  CASE_DECISION: '立案决定时限',
  CASE_CLOSURE: '结案时限',
  URGED_FIRST_FEEDBACK: '催办回复时限',
  URGED_DONE: '催办办结时限',
};

export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  VERY_SATISFIED: '非常满意',
  SATISFIED: '满意',
  NEUTRAL: '一般',
  DISSATISFIED: '不满意',
  UNREACHABLE: '无法联系',
};

export const INSPECTION_RESULT_LABELS: Record<InspectionResult, string> = {
  PASSED: '合格',
  RECTIFICATION_REQUIRED: '限期整改',
  FAILED: '不合格',
};

/** The model-station round's phases in order (004: apply → county → city → notice → scoring → spot check → published). */
export const ROUND_PHASE_LABELS: Record<RoundPhase, string> = {
  APPLICATION: '申报',
  COUNTY_REVIEW: '县级查验推荐',
  CITY_REVIEW: '市级审核',
  PUBLIC_NOTICE: '公示',
  SCORING: '测评',
  SPOT_CHECK: '抽查',
  PUBLISHED: '已公布',
};

export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  SUBMITTED: '已申报',
  WITHDRAWN: '已撤回',
  COUNTY_RECOMMENDED: '县级已推荐',
  COUNTY_DECLINED: '县级未推荐',
  CITY_RECOMMENDED: '市级已推荐（候选）',
  CITY_DECLINED: '市级未推荐',
  OBJECTION_UPHELD: '异议成立',
  SELECTED: '入选',
  NOT_SELECTED: '未入选',
  SPOT_CHECK_FAILED: '抽查未通过',
  AWARDED: '已授牌',
};

/** Reporting periods: half year Dec–May / Jun–Nov, year Dec–Nov (001 信息报送). */
export const PERIOD_KIND_LABELS: Record<PeriodKind, string> = {
  DAY: '日',
  WEEK: '周',
  MONTH: '月',
  QUARTER: '季度',
  HALF_YEAR: '半年',
  YEAR: '年度',
};

/** Options for a <select> from a label record, in declaration order. */
export function optionsOf<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}
