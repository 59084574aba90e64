import type { TipCategory, TipOutcome } from '../api';

/** A page of a list with its paging (`{items, total, offset, limit}`). */
export interface OffsetPage<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

/** Status of a tip. */
export type TipStatus = 'received' | 'verifying' | 'closed' | 'transferred';

/** An item of `GET /api/tips`: never the complainant. */
export interface TipRow {
  id: string;
  trackingCode: string;
  channel: 'portal' | 'phone' | 'window';
  category: TipCategory;
  subjectName: string;
  regionCode: string;
  status: TipStatus;
  outcome: TipOutcome | null;
  assignedGroup: string | null;
  createdAt: string;
  closedAt: string | null;
}

/** Status of an inspection. */
export type InspectionStatus = 'planned' | 'rectifying' | 'closed';

/** How an inspection is planned (检查方式). */
export type InspectionKind = 'planned' | 'random' | 'unannounced';

/** An item of `GET /api/inspections`. */
export interface InspectionRow {
  id: string;
  number: string;
  kind: InspectionKind;
  unitName: string;
  unitCreditCode: string | null;
  unitAddress: string | null;
  regionCode: string;
  inspectorGroup: string;
  status: InspectionStatus;
  result: 'compliant' | 'rectified' | 'case-referred' | null;
  processInstanceId: string | null;
  plannedFor: string | null;
  inspectedAt: string | null;
  rectificationDueAt: string | null;
  createdAt: string;
  closedAt: string | null;
  findings: string[];
}

/** Answer of a request that started a procedure (an inspection, a case). */
export interface StartedProcedure {
  id: string;
  number: string;
  processInstanceId: string;
  status: string;
}

/** An item of `GET /api/guard-certificates`. */
export interface CertificateRow {
  id: string;
  number: string;
  holderName: string;
  residentId: string;
  /** `valid` or `revoked`. */
  status: string;
  issuedAt: string;
  revokedAt: string | null;
}
