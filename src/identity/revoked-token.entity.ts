import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A token ended by a logout before it expired (`auth_revoked_token`); kept until it would have expired. */
@Entity('auth_revoked_token')
export class RevokedTokenEntity {
  /** The token's `jti`. */
  @PrimaryColumn({ name: 'token_id', type: 'varchar', length: 64 })
  tokenId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId!: string;

  @Column({ name: 'revoked_at', type: 'datetime', precision: 3 })
  revokedAt!: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt!: Date;
}
