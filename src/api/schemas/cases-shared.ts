/**
 * Response schemas shared by the routes of tips, inspections, administrative and criminal cases and tasks: the
 * statutory clocks and official documents of a procedure, the administrative case opened from a tip or an
 * inspection, and the engine's dates as they are passed through.
 */
import { z } from 'zod';
import type { AdminCaseStatus } from '../../cases/admin-case.entity.js';
import type { ClockView } from '../../licensing/clock-service.js';
import type { OfficialDocumentEntity } from '../../licensing/permit.entity.js';
import { bilingual } from '../../language.js';

/**
 * The members of the string union `T` as a tuple for `z.enum`, from an object with one key per member: the
 * compiler refuses a missing or an extra member, so the schema follows the type.
 */
export function allValues<T extends string>(members: { [K in T]: true }): [T, ...T[]] {
  return Object.keys(members) as [T, ...T[]];
}


/** The hex SHA-256 of a stored file. */
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, { error: bilingual('must be a hex SHA-256', '须为十六进制 SHA-256 摘要') });

/** Where an administrative case stands. */
export const AdminCaseStatusSchema = z.enum(allValues<AdminCaseStatus>({ investigating: true, notified: true, reviewing: true, decided: true, closed: true }));

/** The administrative case opened from a tip or an inspection: `{id, number, status}`. */
export const CaseReference = z.object({ id: z.uuid(), number: z.string(), status: AdminCaseStatusSchema });

/** A statutory clock of a procedure with its colour and what is left of it (`ClockService.view`). */
export const ProcedureClock = z.object({
  name: z.string(), ruleId: z.string(), ruleName: z.string(), basis: z.string(),
  startedAt: z.iso.datetime(), dueAt: z.iso.datetime(), warnAt: z.iso.datetime(),
  status: z.enum(allValues<ClockView['status']>({ running: true, paused: true, stopped: true })),
  colour: z.enum(allValues<ClockView['colour']>({ normal: true, blue: true, yellow: true, red: true })),
  remaining: z.number(),
  unit: z.enum(allValues<ClockView['unit']>({ workingDays: true, calendarDays: true, hours: true })),
  overdue: z.boolean(), stoppedAt: z.iso.datetime().nullable(),
});

/** An official document issued in a procedure, as a case or an inspection lists it. */
export const ProcedureDocument = z.object({ id: z.string(), number: z.string(), type: z.string(), title: z.string(), issuedAt: z.iso.datetime(), issuedBy: z.string() });

/** An official document of a case file, with its verification code and whether it is still valid. */
export const CaseFileDocument = ProcedureDocument.extend({
  verificationCode: z.string(),
  status: z.enum(allValues<OfficialDocumentEntity['status']>({ valid: true, void: true })),
});

/** The answer of an operation that opens a procedure: `{id, number, processInstanceId, status}` with the procedure's own `status`. */
export function startedProcedure<S extends z.ZodType>(status: S) {
  return z.object({ id: z.uuid(), number: z.string(), processInstanceId: z.string(), status });
}

/** The answer of an operation whose effect the engine carries out: `{accepted: true}`. */
export const AcceptedResponse = z.object({ accepted: z.literal(true) });
