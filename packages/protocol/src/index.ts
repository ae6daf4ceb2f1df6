export { CloseCode, CloseReason, isTerminalCloseCode } from './close-codes.ts';
export { can, isProjectRole, projectRoles, seesItemStates } from './roles.ts';
export type { Permission, ProjectRole } from './roles.ts';
export { apiBasePath, idPrefixes, isId, newId, socketIoPath, yjsPathPrefix } from './ids.ts';
export type { IdKind } from './ids.ts';
export type {
  Ack,
  ClientToServerEvents,
  ImportProgress,
  PresenceEntry,
  ProjectPresence,
  ServerToClientEvents,
  SocketAuth,
} from './events.ts';
export { assignmentStates, itemStates, reasonCodes, reasonLabels, workflowSettingsSchema } from './workflow.ts';
export type {
  AssignmentState,
  AuditVerification,
  DisputeDetail,
  DisputeEvent,
  DisputeSummary,
  FieldChange,
  HistoryEntry,
  ItemHistory,
  LeaseGrant,
  ReviewEntry,
  WorkflowOverview,
  ItemState,
  ItemStateChange,
  QueueCounts,
  ReasonCode,
  Task,
  WorkflowSettings,
  WorkReturned,
} from './workflow.ts';
export { calibrationStates, fieldKinds, metricNames, qualitySettingsSchema } from './quality.ts';
export type {
  AnnotatorQuality,
  AnnotatorSlice,
  BiasSignals,
  CalibrationAnswer,
  CalibrationEvent,
  CalibrationParticipant,
  CalibrationResult,
  CalibrationReveal,
  CalibrationSessionView,
  CalibrationState,
  FieldAgreement,
  FieldKind,
  MetricName,
  MetricValue,
  PairAgreement,
  QualityFlag,
  QualityFlagEvent,
  QualityReport,
  QualitySettings,
  SliceAgreement,
  TimelinePoint,
} from './quality.ts';
export { exportFormatTaskTypes, exportFormats, exportFormatsFor, exportMediaDefault, exportRequestSchema, exportStatuses } from './exports.ts';
export type { ExportFileEntry, ExportFormat, ExportJob, ExportProgress, ExportRequest, ExportStatus } from './exports.ts';
export { erasureReasons, referencePattern } from './erasure.ts';
export type { ErasureExport, ErasureReason, ItemErasureCounts, ItemErasureResult, PersonErasureCounts, PersonErasureResult } from './erasure.ts';
