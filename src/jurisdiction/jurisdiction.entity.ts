import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JurisdictionLevel } from './jurisdiction-code.js';

/** A unit of the jurisdiction tree: the province, a city, a district or county, or a police station (`jurisdiction`). */
@Entity('jurisdiction')
export class JurisdictionEntity {
  /** See `jurisdiction-code.ts`. */
  @PrimaryColumn({ name: 'code', type: 'varchar', length: 32 })
  code!: string;

  @Column({ name: 'name', type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'parent_code', type: 'varchar', length: 32, nullable: true })
  parentCode!: string | null;

  @Column({ name: 'level', type: 'varchar', length: 16 })
  level!: JurisdictionLevel;

  /** The police authority acting for the unit, e.g. `广州市公安局天河区分局`. */
  @Column({ name: 'authority', type: 'varchar', length: 100, nullable: true })
  authority!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
