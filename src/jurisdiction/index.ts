/** The jurisdiction tree and the roles and permissions that are scoped by it. */
export * from './jurisdiction-code.js';
export * from './roles.js';
export * from './scope-query.js';
export { JurisdictionEntity } from './jurisdiction.entity.js';
export { JurisdictionTree, NewJurisdiction, type JurisdictionNode } from './jurisdiction-tree.js';
