/** Tips (投诉举报线索): public reports, tracking by code and secret, confidential complainants. */
import { TipAttachmentEntity, TipComplainantEntity, TipEntity, TipIdentityReadEntity, TipMessageEntity } from './tip.entity.js';

export { TipService, TipReport, TipListQuery, TIP_CATEGORIES, MAX_FAILED_ATTEMPTS, LOCK_MINUTES, TrackingLockedError, type TipReportInput, type TipSummary, type TipTracking } from './tip-service.js';
export { TipEntity, TipComplainantEntity, TipIdentityReadEntity, TipMessageEntity, TipAttachmentEntity, type TipStatus, type TipOutcome } from './tip.entity.js';

/** The TypeORM entities of the tips module. */
export const tipEntities = [TipEntity, TipComplainantEntity, TipIdentityReadEntity, TipMessageEntity, TipAttachmentEntity];
