import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A group of users (`app_group`); groups carry permissions, e.g. `camunda-admin` or a police unit. */
@Entity('app_group')
export class GroupEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'name', type: 'varchar', length: 255 })
  name!: string;

  /** Camunda's group type, e.g. `SYSTEM` or `WORKFLOW`. */
  @Column({ name: 'type', type: 'varchar', length: 64, nullable: true })
  type!: string | null;
}
