import { CodedError, ErrorCode } from '@app/platform';

export class ReportingError extends CodedError {
  static badAnchor(value: unknown) {
    return new ReportingError(ErrorCode.BAD_USER_INPUT, `统计周期的日期无效（${String(value)}）`, 'anchor');
  }
  static badKind() {
    return new ReportingError(ErrorCode.BAD_USER_INPUT, '统计周期无效', 'kind');
  }
  static badLimit(max: number) {
    return new ReportingError(ErrorCode.BAD_USER_INPUT, `数量须为 1 至 ${max} 的整数`, 'limit');
  }
  static noStation() {
    return new ReportingError(ErrorCode.FORBIDDEN, '未关联服务站的站点人员不能查看统计');
  }
  static stationOutsideUnit() {
    return new ReportingError(ErrorCode.FORBIDDEN, '站点人员只能查看本站点所在单位的统计');
  }
}

const BLANK_LABELS = { title: '标题', body: '正文', reason: '退回理由' } as const;

export class AlertError extends ReportingError {
  static notFound(field = 'id') {
    return new AlertError(ErrorCode.NOT_FOUND, '消费警示不存在', field);
  }
  static blank(field: 'title' | 'body' | 'reason') {
    return new AlertError(ErrorCode.BAD_USER_INPUT, `${BLANK_LABELS[field]}不能为空`, field);
  }
  static ownDraft() {
    return new AlertError(ErrorCode.FORBIDDEN, '不能审核通过自己起草的消费警示，须由另一名执法人员审核');
  }
}
