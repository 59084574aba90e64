/** The identity module: users, groups, memberships and stored settings, with their TypeORM entities. */
import { GroupEntity } from './group.entity.js';
import { MembershipEntity } from './membership.entity.js';
import { RevokedTokenEntity } from './revoked-token.entity.js';
import { SettingEntity } from './setting.entity.js';
import { UserEntity } from './user.entity.js';

export { GroupEntity } from './group.entity.js';
export { MembershipEntity } from './membership.entity.js';
export { RevokedTokenEntity } from './revoked-token.entity.js';
export { SettingEntity } from './setting.entity.js';
export { UserEntity } from './user.entity.js';
export { IdentityService, type CreateUserInput, type CreateGroupInput, type EnsureAdminResult, type IdentityServiceOptions, type GroupListFilter, type GroupWithMembersView, type UserChange, type UserListFilter, type UserWithGroupsView } from './identity.service.js';
export { SettingsRepository } from './settings.repository.js';
export {
  ADMIN_USER_ID,
  GROUP_ID_PATTERN,
  GROUPS,
  MAX_PASSWORD_BYTES,
  MIN_PASSWORD_LENGTH,
  USER_ID_PATTERN,
  type AuthenticatedUser,
  type GroupView,
  type TokenStanding,
  type UserView,
} from './identity.types.js';

/** The TypeORM entities of the identity module; pass them to `createDataSource({ entities })`. */
export const identityEntities = [UserEntity, GroupEntity, MembershipEntity, SettingEntity, RevokedTokenEntity];
