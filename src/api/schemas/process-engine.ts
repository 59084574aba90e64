import { z } from 'zod';

/**
 * A date-time as the process engine's REST API writes it and `/api` passes it on: Camunda's format
 * `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, the zone as `+HHmm`, e.g. `2026-10-12T10:00:00.000+0800` (not RFC 3339).
 */
export const EngineDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/, { error: 'must be an engine date-time such as 2026-10-12T10:00:00.000+0800' })
  .describe('A date-time in the process engine\'s format yyyy-MM-dd\'T\'HH:mm:ss.SSSZ, e.g. 2026-10-12T10:00:00.000+0800');
