// Database access routes of one cluster (adapters only; issue 13). The guard checks visibility of :cluster_id first;
// reads are CP_READONLY+ (defect 28), changes CP_USER+ (src/auth/route-table.ts). Reads never change the cluster.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AccessDriftService } from '../../services/database-access/access-drift.service.js';
import type { DatabaseObjectsService } from '../../services/database-access/database-objects.service.js';
import type { DatabaseRolesService } from '../../services/database-access/database-roles.service.js';
import type { DatabaseUsersService } from '../../services/database-access/database-users.service.js';
import type { GroupMappingsService } from '../../services/database-access/group-mappings.service.js';
import { ClusterIdParams } from '../clusters/clusters.schemas.js';
import { requestContext } from '../http/context.js';
import { withErrors } from '../http/error-envelope.js';
import {
  CreateDatabaseBody, CreatedUser, CreateUserBody, DatabaseDryRunQuery, DatabaseObject, DatabaseObjectList, DatabaseParams, DatabaseRoleList,
  DatabaseUserList, DeleteDatabaseResponse, DriftFixResponse, DriftResponse, MappingList, MappingUpdated, PasswordSet, PutMappingBody,
  RoleParams, RolesBody, RolesChanged, SetPasswordBody, SyncResponse, UserDeleted, UserParams,
} from './database-access.schemas.js';

export type DatabaseAccessRoutesDeps = {
  databases: DatabaseObjectsService; users: DatabaseUsersService; roles: DatabaseRolesService;
  mappings: GroupMappingsService; drift: AccessDriftService;
};

const tags = ['database-access'];
const base = '/api/clusters/:cluster_id';

export const registerDatabaseAccessRoutes = (app: FastifyInstance, deps: DatabaseAccessRoutesDeps) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const noStore = { onSend: async (_req: unknown, reply: { header: (k: string, v: string) => unknown }) => { reply.header('cache-control', 'no-store'); } };

  // databases
  r.get(`${base}/database-objects`, {
    schema: { tags, summary: "cp's databases on the cluster with their generated roles, and databases cp does not know (asks the cluster)", params: ClusterIdParams, response: withErrors({ 200: DatabaseObjectList }) },
  }, async (req) => deps.databases.list(req.params.cluster_id));
  r.post(`${base}/database-objects`, {
    schema: { tags, summary: 'Create a database (CREATE DATABASE) and its template roles', params: ClusterIdParams, body: CreateDatabaseBody, response: withErrors({ 201: DatabaseObject }) },
  }, async (req, reply) => reply.status(201).send(await deps.databases.create(requestContext(req), req.params.cluster_id, req.body.database_name)));
  r.get(`${base}/database-objects/:database_name`, {
    schema: { tags, summary: 'One database cp knows, with its generated roles', params: DatabaseParams, response: withErrors({ 200: DatabaseObject }) },
  }, async (req) => deps.databases.get(req.params.cluster_id, req.params.database_name));
  r.delete(`${base}/database-objects/:database_name`, {
    schema: {
      tags, summary: 'Revoke its roles from every member, drop them, DROP DATABASE … CASCADE (?dry_run=true lists all that)',
      params: DatabaseParams, querystring: DatabaseDryRunQuery, response: withErrors({ 200: DeleteDatabaseResponse }),
    },
  }, async (req) => deps.databases.remove(requestContext(req), req.params.cluster_id, req.params.database_name, req.query.dry_run));

  // users
  r.get(`${base}/users`, {
    schema: { tags, summary: 'SQL users with options, roles, whether cp manages them and whether they are protected (asks the cluster; changes nothing)', params: ClusterIdParams, response: withErrors({ 200: DatabaseUserList }) },
  }, async (req) => deps.users.list(req.params.cluster_id));
  r.post(`${base}/users`, {
    schema: { tags, summary: 'Create a SQL user with a password (given or generated, returned once) and generated roles', params: ClusterIdParams, body: CreateUserBody, response: withErrors({ 201: CreatedUser }) },
    ...noStore,
  }, async (req, reply) => reply.status(201).send(await deps.users.create(requestContext(req), req.params.cluster_id, req.body)));
  r.delete(`${base}/users/:username`, {
    schema: { tags, summary: 'Drop a SQL user (protected users: 403)', params: UserParams, response: withErrors({ 200: UserDeleted }) },
  }, async (req) => deps.users.remove(requestContext(req), req.params.cluster_id, req.params.username));
  r.post(`${base}/users/:username/password`, {
    schema: { tags, summary: "Set a SQL user's password (given, or generated and returned once)", params: UserParams, body: SetPasswordBody, response: withErrors({ 200: PasswordSet }) },
    ...noStore,
  }, async (req) => deps.users.setPassword(requestContext(req), req.params.cluster_id, req.params.username, req.body));
  r.post(`${base}/users/:username/grant-database-roles`, {
    schema: { tags, summary: 'Grant generated roles to a SQL user', params: UserParams, body: RolesBody, response: withErrors({ 200: RolesChanged }) },
  }, async (req) => deps.users.grant(requestContext(req), req.params.cluster_id, req.params.username, req.body.database_roles));
  r.post(`${base}/users/:username/revoke-database-roles`, {
    schema: { tags, summary: 'Revoke generated roles from a SQL user', params: UserParams, body: RolesBody, response: withErrors({ 200: RolesChanged }) },
  }, async (req) => deps.users.revoke(requestContext(req), req.params.cluster_id, req.params.username, req.body.database_roles));

  // generated roles
  r.get(`${base}/database-roles`, {
    schema: { tags, summary: 'Generated roles: template, scope, database/schema, the SQL that created them, members', params: ClusterIdParams, response: withErrors({ 200: DatabaseRoleList }) },
  }, async (req) => deps.roles.list(req.params.cluster_id));
  r.post(`${base}/database-roles/sync`, {
    schema: { tags, summary: 'Re-materialise every template for every database; register databases made outside cp; drop stale generated roles', params: ClusterIdParams, response: withErrors({ 200: SyncResponse }) },
  }, async (req) => deps.roles.sync(requestContext(req), req.params.cluster_id));

  // IdP group mappings
  r.get(`${base}/database-role-group-mappings`, {
    schema: { tags, summary: 'IdP group → generated role mappings and whether they are applied on the cluster', params: ClusterIdParams, response: withErrors({ 200: MappingList }) },
  }, async (req) => deps.mappings.list(req.params.cluster_id));
  r.put(`${base}/database-role-group-mappings/:database_role`, {
    schema: { tags, summary: "Replace a role's IdP groups and apply them on the cluster (JWT login + identity map; says when it cannot)", params: RoleParams, body: PutMappingBody, response: withErrors({ 200: MappingUpdated }) },
  }, async (req) => deps.mappings.replace(requestContext(req), req.params.cluster_id, req.params.database_role, req.body.groups));

  // drift
  r.get(`${base}/access-drift`, {
    schema: { tags, summary: 'Differences between what cp declared and what the cluster holds (asks the cluster; changes nothing)', params: ClusterIdParams, response: withErrors({ 200: DriftResponse }) },
  }, async (req) => deps.drift.get(req.params.cluster_id));
  r.post(`${base}/access-drift/fix`, {
    schema: { tags, summary: "Apply cp's side of every fixable difference (?dry_run=true lists the actions)", params: ClusterIdParams, querystring: DatabaseDryRunQuery, response: withErrors({ 200: DriftFixResponse }) },
  }, async (req) => deps.drift.fix(requestContext(req), req.params.cluster_id, req.query.dry_run));
};
