import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A named application setting kept in the database (`app_setting`), e.g. the generated `jwt.secret`. */
@Entity('app_setting')
export class SettingEntity {
  @PrimaryColumn({ name: 'key', type: 'varchar', length: 128 })
  key!: string;

  @Column({ name: 'value', type: 'text', nullable: true })
  value!: string | null;
}
