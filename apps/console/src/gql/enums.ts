/** 示范站申请状态 */
export type ApplicationStatus =
  | 'AWARDED'
  | 'CITY_DECLINED'
  | 'CITY_RECOMMENDED'
  | 'COUNTY_DECLINED'
  | 'COUNTY_RECOMMENDED'
  | 'NOT_SELECTED'
  | 'OBJECTION_UPHELD'
  | 'SELECTED'
  | 'SPOT_CHECK_FAILED'
  | 'SUBMITTED'
  | 'WITHDRAWN';

/** 日历调整：HOLIDAY 放假，WORKDAY 上班（含调休） */
export type CalendarDayKind =
  | 'HOLIDAY'
  | 'WORKDAY';

/** 来源渠道：服务站、电话、网络、信函、来访、传真、转办 */
export type CaseChannel =
  | 'FAX'
  | 'LETTER'
  | 'PHONE'
  | 'STATION'
  | 'TRANSFER'
  | 'VISIT'
  | 'WEB';

/** 办结结果 */
export type CaseOutcome =
  | 'ANSWERED'
  | 'CASE_OPENED'
  | 'MEDIATED'
  | 'NOT_MEDIATED'
  | 'NO_CASE_OPENED'
  | 'TERMINATED';

/** 咨询、投诉、举报 */
export type CaseType =
  | 'COMPLAINT'
  | 'CONSULTATION'
  | 'REPORT';

/** 中心案件排序 */
export type CenterCaseOrder =
  /** 按最近的未完成时限（metAt 为空，含已超期）升序；没有未完成时限的案件排在最后，按接收时间倒序 */
  | 'DEADLINE_ASC'
  /** 按接收时间倒序（默认） */
  | 'RECEIVED_AT_DESC';

/** 登记 → 受理/不予受理 → 转办 → 办结 → 反馈 → 归档 */
export type CenterCaseStatus =
  | 'ACCEPTED'
  | 'ARCHIVED'
  | 'ASSIGNED'
  | 'CLOSED'
  | 'FEEDBACK_GIVEN'
  | 'REGISTERED'
  | 'REJECTED';

/** 诉求：退货、换货、修理、赔偿、其它 */
export type ClaimType =
  | 'COMPENSATION'
  | 'EXCHANGE'
  | 'OTHER'
  | 'REFUND'
  | 'REPAIR';

/** 消费警示、消费提示 */
export type ConsumerAlertKind =
  | 'TIP'
  | 'WARNING';

/** 草稿 → 审核通过即发布 / 退回 */
export type ConsumerAlertStatus =
  | 'DRAFT'
  | 'PUBLISHED'
  | 'REJECTED';

/** 时限单位：WORKING 工作日，CALENDAR 自然日 */
export type DayUnit =
  | 'CALENDAR'
  | 'WORKING';

/** 案件时限类型 */
export type DeadlineKind =
  | 'ACCEPTANCE'
  | 'CASE_CLOSURE'
  | 'CASE_DECISION'
  | 'FEEDBACK'
  | 'HANDLING'
  | 'ROUTING'
  | 'URGED_DONE'
  | 'URGED_FIRST_FEEDBACK';

/** 时限规则 */
export type DeadlineRuleKey =
  | 'ACCEPTANCE'
  | 'CASE_CLOSURE'
  | 'CASE_DECISION'
  | 'FEEDBACK'
  | 'HANDLING'
  | 'REPORTER_NOTICE'
  | 'RETURN'
  | 'ROUTING'
  | 'STATION_SETTLEMENT'
  | 'URGED_DONE'
  | 'URGED_FIRST_FEEDBACK';

/** 起算事件 */
export type DeadlineStartEvent =
  | 'ACCEPTED'
  | 'ASSIGNED'
  | 'CASE_OPENED'
  | 'CLOSED'
  | 'DISPUTE_OPENED'
  | 'RECEIVED'
  | 'URGED';

/** 问题类别：质量、售后服务、合同、虚假宣传、价格、计量、安全、食品安全、其它 */
export type DisputeIssueType =
  | 'AFTER_SALES'
  | 'CONTRACT'
  | 'FALSE_ADVERTISING'
  | 'FOOD_SAFETY'
  | 'MEASUREMENT'
  | 'OTHER'
  | 'PRICE'
  | 'QUALITY'
  | 'SAFETY';

/** 受理中 → 已和解 / 不予受理 / 消费者撤回 / 提交中心（ESCALATING → ESCALATED） */
export type DisputeStatus =
  | 'DECLINED'
  | 'ESCALATED'
  | 'ESCALATING'
  | 'OPEN'
  | 'SETTLED'
  | 'WITHDRAWN';

/** 检查结论：全部合格；限期整改；不合格（有不合格项且未给整改期限） */
export type InspectionResult =
  | 'FAILED'
  | 'PASSED'
  | 'RECTIFICATION_REQUIRED';

/** 不予受理的法定情形 */
export type NonAcceptanceGround =
  | 'BEFORE_COURT_OR_OTHER_AUTHORITY'
  | 'BEYOND_WARRANTY_OR_SHELF_LIFE'
  | 'INSUFFICIENT_EVIDENCE'
  | 'NOT_A_CONSUMER_DISPUTE'
  | 'NOT_COVERED_BY_LAW'
  | 'NO_IDENTIFIABLE_RESPONDENT'
  | 'OUTSIDE_JURISDICTION'
  | 'SETTLED_WITHOUT_NEW_FACTS'
  | 'TIME_BARRED';

/** 组织层级：省、市、县（区）、所 */
export type OrgUnitLevel =
  | 'CITY'
  | 'COUNTY'
  | 'OFFICE'
  | 'PROVINCE';

/** 统计周期：日、周（周一至周日）、月、季度（自然季度）、半年（12月1日至5月31日、6月1日至11月30日）、年度（12月1日至次年11月30日）；均按中国标准时间 */
export type PeriodKind =
  | 'DAY'
  | 'HALF_YEAR'
  | 'MONTH'
  | 'QUARTER'
  | 'WEEK'
  | 'YEAR';

/** 用户角色 */
export type Role =
  | 'CENTER_OPERATOR'
  | 'EVALUATOR'
  | 'OFFICER'
  | 'PLATFORM_ADMIN'
  | 'STATION_STAFF'
  | 'TENANT_ADMIN';

/** 申报 → 县级查验推荐 → 市级审核 → 公示 → 测评 → 抽查 → 已公布 */
export type RoundPhase =
  | 'APPLICATION'
  | 'CITY_REVIEW'
  | 'COUNTY_REVIEW'
  | 'PUBLIC_NOTICE'
  | 'PUBLISHED'
  | 'SCORING'
  | 'SPOT_CHECK';

/** 时限规则预设 */
export type RulebookPresetId =
  | 'SAMR_ORDER_20'
  | 'SAMR_ORDER_121'
  | 'SEED';

/** 回访满意度 */
export type Satisfaction =
  | 'DISSATISFIED'
  | 'NEUTRAL'
  | 'SATISFIED'
  | 'UNREACHABLE'
  | 'VERY_SATISFIED';

/** 五进类别：商场、超市、市场、企业、景区、其它 */
export type StationCategory =
  | 'ENTERPRISE'
  | 'MALL'
  | 'MARKET'
  | 'OTHER'
  | 'SCENIC_AREA'
  | 'SUPERMARKET';

/** 待审批 → 正常 ⇄ 暂停；任何状态均可撤销（终态） */
export type StationStatus =
  | 'ACTIVE'
  | 'PENDING'
  | 'REVOKED'
  | 'SUSPENDED';
