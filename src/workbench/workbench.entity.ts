import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Operations on tasks recorded by the workbench. */
export const TASK_ACTIONS = ['claim', 'unclaim', 'complete', 'send-back', 'transfer', 'delegate', 'resolve', 'withdraw', 'carbon-copy', 'urge', 'comment'] as const;

/** An operation on a task. */
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** One operation on a task: who did what, when, to whom, and the approval comment (`wb_task_action`). */
@Entity('wb_task_action')
export class TaskActionEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'task_id', type: 'varchar', length: 64 })
  taskId!: string;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64 })
  processInstanceId!: string;

  @Column({ name: 'task_name', type: 'varchar', length: 200, nullable: true })
  taskName!: string | null;

  /** The task's activity id in the model. */
  @Column({ name: 'activity_id', type: 'varchar', length: 255, nullable: true })
  activityId!: string | null;

  @Column({ name: 'action', type: 'varchar', length: 32 })
  action!: TaskAction;

  @Column({ name: 'actor', type: 'varchar', length: 64 })
  actor!: string;

  /** The other party of the operation: the new assignee, the step sent back to, the people copied. */
  @Column({ name: 'target', type: 'varchar', length: 255, nullable: true })
  target!: string | null;

  @Column({ name: 'comment', type: 'varchar', length: 2000, nullable: true })
  comment!: string | null;

  @Column({ name: 'at', type: 'datetime', precision: 3 })
  at!: Date;

  /**
   * `pending` while the engine change of the operation is under way (or was interrupted by a crash and awaits
   * reconciliation), `done` once it is confirmed with its audit entry; only `done` operations are part of a case's history.
   */
  @Column({ name: 'state', type: 'varchar', length: 16, default: 'done' })
  state!: TaskActionState;
}

/** Whether a recorded task operation is confirmed. */
export type TaskActionState = 'pending' | 'done';

/** A case copied to a person for information (抄送), read or unread (`wb_carbon_copy`). */
@Entity('wb_carbon_copy')
export class CarbonCopyEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64 })
  processInstanceId!: string;

  @Column({ name: 'task_id', type: 'varchar', length: 64, nullable: true })
  taskId!: string | null;

  @Column({ name: 'task_name', type: 'varchar', length: 200, nullable: true })
  taskName!: string | null;

  @Column({ name: 'from_user', type: 'varchar', length: 64 })
  fromUser!: string;

  @Column({ name: 'to_user', type: 'varchar', length: 64 })
  toUser!: string;

  @Column({ name: 'comment', type: 'varchar', length: 2000, nullable: true })
  comment!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'datetime', precision: 3, nullable: true })
  readAt!: Date | null;
}

/** A phrase an officer keeps for approval comments (常用审批意见) (`wb_phrase`). */
@Entity('wb_phrase')
export class PhraseEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId!: string;

  @Column({ name: 'text', type: 'varchar', length: 500 })
  text!: string;

  @Column({ name: 'position', type: 'integer' })
  position!: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
