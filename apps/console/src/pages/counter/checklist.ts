/** The intake questions (受理规范用语), in the order the counter asks them. */
export type ChecklistKey = 'respondentIdentified' | 'hasProof' | 'withinWarrantyOrShelfLife' | 'alreadyNegotiated' | 'beforeCourtOrOtherAuthority';

export const CHECKLIST_QUESTIONS: { key: ChecklistKey; label: string }[] = [
  { key: 'respondentIdentified', label: '有明确的被投诉方' },
  { key: 'hasProof', label: '有购货凭证或其他证据' },
  { key: 'withinWarrantyOrShelfLife', label: '在三包有效期或保质期内' },
  { key: 'alreadyNegotiated', label: '已与经营者协商' },
  { key: 'beforeCourtOrOtherAuthority', label: '已向法院、仲裁机构或其他部门提出' },
];
