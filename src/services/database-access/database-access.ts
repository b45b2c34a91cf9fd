// The database-access services of one process, built from the same deps (composition root and jobs use this).
import type { AccessDeps } from './access-cluster.js';
import { createAccessDriftService } from './access-drift.service.js';
import { createDatabaseObjectsService } from './database-objects.service.js';
import { createDatabaseRolesService } from './database-roles.service.js';
import { createDatabaseUsersService } from './database-users.service.js';
import { createGroupMappingsService } from './group-mappings.service.js';

export const createDatabaseAccessServices = (deps: AccessDeps) => ({
  databases: createDatabaseObjectsService(deps),
  users: createDatabaseUsersService(deps),
  roles: createDatabaseRolesService(deps),
  mappings: createGroupMappingsService(deps),
  drift: createAccessDriftService(deps),
});
