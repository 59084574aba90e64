import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What an organisation is to the police: a licensed security company, an in-house employer of guards, a training unit, or a company still applying. */
export type OrganisationKind = 'security-company' | 'in-house-employer' | 'training-unit' | 'applicant-company';

/** A company or unit that applies, files or employs guards (`lic_organisation`). */
@Entity('lic_organisation')
export class OrganisationEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'kind', type: 'varchar', length: 32 })
  kind!: OrganisationKind;

  @Column({ name: 'name', type: 'varchar', length: 200 })
  name!: string;

  /** 统一社会信用代码; null for a company that is not registered yet. */
  @Column({ name: 'credit_code', type: 'varchar', length: 18, nullable: true })
  creditCode!: string | null;

  /** Administrative division code (GB/T 2260) of the place where it is registered, e.g. `440106`. */
  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode!: string;

  @Column({ name: 'address', type: 'varchar', length: 300, nullable: true })
  address!: string | null;

  @Column({ name: 'legal_representative', type: 'varchar', length: 64, nullable: true })
  legalRepresentative!: string | null;

  @Column({ name: 'contact_phone', type: 'varchar', length: 32, nullable: true })
  contactPhone!: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}

/** Which organisation an applicant account acts for (`lic_organisation_member`); one organisation per user. */
@Entity('lic_organisation_member')
export class OrganisationMemberEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 64 })
  userId!: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 64 })
  organisationId!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;
}

/** A natural person the police know by resident ID: a manager named in an application, or a guard (`lic_person`). */
@Entity('lic_person')
export class PersonEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  /** 18-character resident identity number (checksum validated). */
  @Column({ name: 'resident_id', type: 'varchar', length: 18 })
  residentId!: string;

  @Column({ name: 'name', type: 'varchar', length: 64 })
  name!: string;

  @Column({ name: 'phone', type: 'varchar', length: 32, nullable: true })
  phone!: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}
