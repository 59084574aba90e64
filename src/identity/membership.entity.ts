import { Entity, PrimaryColumn } from 'typeorm';

/** A user's membership of a group (`app_membership`). */
@Entity('app_membership')
export class MembershipEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 64 })
  userId!: string;

  @PrimaryColumn({ name: 'group_id', type: 'varchar', length: 64 })
  groupId!: string;
}
