import type { ActionSpec } from '../core/resource/actions';
import { SuggestionStatus, TRAVELLING_FORMS, VisitForm, VisitStatus } from './visit.enums';

const STAYING_FORMS = Object.values(VisitForm).filter((f) => !TRAVELLING_FORMS.includes(f));

/** A visit's steps: a visit in person departs before it completes; a call completes at once; the school reviews. */
export const VISIT_ACTIONS: ActionSpec[] = [
  { mutation: 'departVisit', label: '出发', from: [{ status: [VisitStatus.PLANNED], form: TRAVELLING_FORMS }], rule: 'VISIT_TRANSITION' },
  {
    mutation: 'completeVisit',
    label: '完成',
    from: [
      { status: [VisitStatus.DEPARTED], form: TRAVELLING_FORMS },
      { status: [VisitStatus.PLANNED], form: STAYING_FORMS },
    ],
    rule: 'VISIT_TRANSITION',
  },
  { mutation: 'reviewVisit', label: '审核', operation: 'review', from: [{ status: [VisitStatus.COMPLETED] }], rule: 'VISIT_TRANSITION' },
];

/** A parent's suggestion escalated to the school is answered once. */
export const SUGGESTION_ACTIONS: ActionSpec[] = [
  { mutation: 'resolveParentSuggestion', label: '答复', from: [{ status: [SuggestionStatus.ESCALATED] }], rule: 'SUGGESTION_RESOLVED' },
];
