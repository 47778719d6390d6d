import { resourceOf } from './core/resource/registry';
import { installPolicy } from './core/access/policy';
import { installComputedFields } from './core/data/computed';
import { defineResourceNames } from './core/resource/resource-names';
import { installRecordDownloads } from './core/resource/downloads';
import { schoolArchiveDownload } from './archive/archive-download';
import { STUDENT_COMPUTED, VISIT_RECORD_COMPUTED } from './visit/visit.computed';
import { POLICY } from './policy';
import type { ResourceSpec } from './core/resource/spec';
import { Region } from './org/region.entity';
import { Bureau } from './org/bureau.entity';
import { School } from './org/school.entity';
import { SchoolClass } from './org/school-class.entity';
import { StaffMember } from './org/staff-member.entity';
import { User } from './org/user.entity';
import { Student } from './roster/student.entity';
import { Guardian } from './roster/guardian.entity';
import { Household } from './roster/household.entity';
import { Campaign } from './campaign/campaign.entity';
import { RosterEntry } from './campaign/roster-entry.entity';
import { Pairing } from './pairing/pairing.entity';
import { VisitRecord } from './visit/visit-record.entity';
import { ParentSuggestion } from './visit/parent-suggestion.entity';
import { CareCheck } from './visit/care-check.entity';
import { AssistanceItem } from './assistance/assistance-item.entity';
import { DropoutCase } from './dropout/dropout-case.entity';
import { EnrollmentCheck } from './dropout/enrollment-check.entity';
import { EnrollmentChange } from './roster/enrollment-change.entity';
import { Attachment } from './files/attachment.entity';
import { Document } from './archive/document.entity';
import { AuditEvent } from './core/audit/audit-event.entity';
import { ApiToken } from './auth/api-token.entity';
import { AccountResolver } from './auth/account.resolver';
import { StudentVisitsResolver, VisitResolver } from './visit/visit.resolver';
import { DropoutResolver } from './dropout/dropout.resolver';
import { EnrollmentCheckResolver } from './dropout/enrollment-check.resolver';
import { DropoutRiskResolver } from './dropout/dropout-risk.resolver';
import { dropoutRiskReport } from './dropout/dropout-risk.report';
import { AttachmentResolver } from './files/attachment.resolver';
import { SuggestionResolver } from './visit/suggestion.resolver';
import { ResourcesResolver } from './schema/resources.resolver';
import { consolationReport } from './assistance/consolation.report';
import { assistanceReport } from './assistance/assistance.report';
import { campaignCoverageReport } from './campaign/coverage.report';
import { visitStatisticsReport } from './visit/visit-statistics.report';
import { schoolAgeSurveyReport } from './roster/school-age-survey.report';
import { villageAgeReport } from './roster/village-age.report';
import { dropoutMonthlyReport } from './dropout/dropout-monthly.report';
import { dropoutStatusReport } from './dropout/dropout-status.report';
import { complianceReport } from './compliance/compliance.report';
import { ComplianceResolver } from './compliance/compliance.resolver';
import { ImportResolver } from './import/importable.resolver';
import { teacherVisitReport } from './visit/teacher-visit.report';
import { TeacherVisitsResolver } from './visit/teacher-visits.resolver';
import { pairingCoverageReport } from './pairing/pairing-coverage.report';
import { UnpairedStudentsResolver } from './pairing/unpaired.resolver';
import { callbackReport } from './visit/callback.report';
import { CallbackSampleResolver } from './visit/callback-sample.resolver';
import { RosterResolver } from './campaign/roster.resolver';
import { DueRosterResolver } from './campaign/due-roster.resolver';
import { HouseholdResolver } from './roster/household.resolver';
import { Notification } from './notify/notification.entity';
import { NotificationChannel } from './notify/notification-channel.entity';
import { NotificationDelivery } from './notify/notification-delivery.entity';
import { NotificationResolver } from './notify/notification.resolver';

/** Every resource of the product, one line each; the API, migrations and admin follow from it. */
export const entities = [
  Region,
  Bureau,
  School,
  SchoolClass,
  StaffMember,
  User,
  Student,
  Guardian,
  Household,
  Campaign,
  RosterEntry,
  Pairing,
  VisitRecord,
  ParentSuggestion,
  CareCheck,
  AssistanceItem,
  DropoutCase,
  EnrollmentCheck,
  EnrollmentChange,
  Document,
  Attachment,
  Notification,
  NotificationChannel,
  NotificationDelivery,
  AuditEvent,
  ApiToken,
];

/** Operations beyond CRUD: workflows, uploads and computed fields of each area. */
export const extraResolvers = [ResourcesResolver, AccountResolver, VisitResolver, StudentVisitsResolver, SuggestionResolver, DropoutResolver, EnrollmentCheckResolver, DropoutRiskResolver, AttachmentResolver, ComplianceResolver, ImportResolver, RosterResolver, DueRosterResolver, HouseholdResolver,
  TeacherVisitsResolver, UnpairedStudentsResolver, CallbackSampleResolver, NotificationResolver];

/** Every report query (…Report) with its download, one line each. */
export const reports = [
  consolationReport,
  campaignCoverageReport,
  visitStatisticsReport,
  schoolAgeSurveyReport,
  villageAgeReport,
  dropoutMonthlyReport,
  dropoutStatusReport,
  dropoutRiskReport,
  assistanceReport,
  complianceReport,
  teacherVisitReport,
  pairingCoverageReport,
  callbackReport,
];

export const resources = (): ResourceSpec[] => entities.map((e) => resourceOf(e));

// The policy (src/policy.ts) is handed to core with the resources it speaks of, the resources'
// names become an enum (the audit trail's 资源), and the areas' computed fields go to the read compiler.
installPolicy(POLICY);
defineResourceNames();
installComputedFields('VisitRecord', VISIT_RECORD_COMPUTED);
installComputedFields('Student', STUDENT_COMPUTED);
installRecordDownloads('School', [schoolArchiveDownload]);
