import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person or technical account that can log in (`app_user`). The id is the login name. */
@Entity('app_user')
export class UserEntity {
  /** Login name, e.g. `zhang.wei`; see `USER_ID_PATTERN`. */
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  /** Display name, e.g. `张伟`. */
  @Column({ name: 'name', type: 'varchar', length: 255 })
  name!: string;

  @Column({ name: 'email', type: 'varchar', length: 255, nullable: true })
  email!: string | null;

  /** Mainland mobile number (11 digits) for SMS notifications; set by the user (`/api/me/notification-settings`). */
  @Column({ name: 'mobile', type: 'varchar', length: 32, nullable: true })
  mobile!: string | null;

  /** bcrypt hash of the password. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;

  /** Moves on when the account's sessions are ended (password change, logout everywhere): older tokens stop working. */
  @Column({ name: 'token_generation', type: 'integer', default: 0 })
  tokenGeneration!: number;

  /** 1 while the password is one an administrator chose: its user must change it before anything else. */
  @Column({ name: 'password_change_required', type: 'smallint', default: 0 })
  passwordChangeRequired!: number;

  /** 1 when the account may not log in. */
  @Column({ name: 'disabled', type: 'smallint', default: 0 })
  disabled!: number;
}
