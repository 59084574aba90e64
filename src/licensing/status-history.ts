import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { StatusEventEntity } from './application.entity.js';

/** Appends a step to a subject's status history inside the caller's transaction. */
export async function recordStatus(
  manager: EntityManager,
  subjectType: StatusEventEntity['subjectType'],
  subjectId: string,
  status: string,
  actor: string,
  at: Date,
  note: string | null = null,
): Promise<void> {
  const seq = (await manager.getRepository(StatusEventEntity).countBy({ subjectType, subjectId })) + 1;
  await manager.getRepository(StatusEventEntity).insert({
    id: randomUUID(), subjectType, subjectId, status, actor, at, seq, note: note === null ? null : note.slice(0, 1000),
  });
}

/** A subject's status history, oldest first. */
export async function statusHistory(manager: EntityManager, subjectType: StatusEventEntity['subjectType'], subjectId: string): Promise<StatusEventEntity[]> {
  return manager.getRepository(StatusEventEntity).find({ where: { subjectType, subjectId }, order: { seq: 'ASC' } });
}
