// Regions and database role templates over HTTP: validation (table-driven, data unchanged), 409 duplicates,
// deletes, in-use reporting and refusal, audit events.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventsFor, insertCluster, setupAdmin, type AdminCtx } from '../../helpers/admin.js';

type Page<T> = { items: T[]; next_offset: number | null };
type ErrorBody = { error: { code: string; message: string; details?: unknown } };
type Region = { cloud: string; region: string; zone: string; vpc_id: string; security_groups: string[]; extras: Record<string, unknown> };
type Template = { name: string; scope_type: string; sql_statement: string };

const zone = (over: Record<string, unknown> = {}) => ({
  cloud: 'aws', region: 'eu-west-1', zone: 'eu-west-1a', vpc_id: 'vpc-0abc', subnet: 'subnet-1', image: 'ami-123',
  security_groups: ['sg-1', 'sg-2'], extras: { instance_profile: 'crdb' }, ...over,
});

describe('admin regions', () => {
  let t: AdminCtx;
  before(async () => {
    t = await setupAdmin('regions');
  });
  after(() => t.close());

  it('happy: create, list in order, delete; audited', async () => {
    const r = await t.call<Region>('POST', '/api/admin/regions', zone());
    assert.equal(r.status, 201, r.raw);
    assert.deepEqual([r.body.vpc_id, r.body.security_groups, r.body.extras], ['vpc-0abc', ['sg-1', 'sg-2'], { instance_profile: 'crdb' }]);
    await t.call('POST', '/api/admin/regions', zone({ zone: 'eu-west-1b' }));
    await t.call('POST', '/api/admin/regions', zone({ cloud: 'gcp', region: 'europe-west4', zone: 'europe-west4-a', extras: undefined }));
    const list = await t.call<Page<Region>>('GET', '/api/admin/regions');
    assert.deepEqual(list.body.items.map((i) => `${i.cloud}/${i.region}/${i.zone}`), ['aws/eu-west-1/eu-west-1a', 'aws/eu-west-1/eu-west-1b', 'gcp/europe-west4/europe-west4-a']);
    assert.deepEqual(list.body.items[2]!.extras, {});
    const del = await t.call<{ in_use_by: string[] }>('DELETE', '/api/admin/regions/gcp/europe-west4/europe-west4-a');
    assert.equal(del.status, 200);
    assert.equal((await t.call('DELETE', '/api/admin/regions/gcp/europe-west4/europe-west4-a')).status, 404);
    assert.equal((await eventsFor(t.db, 'REGION_CREATED')).length, 3);
    assert.deepEqual((await eventsFor(t.db, 'REGION_DELETED'))[0]!.details, { cloud: 'gcp', region: 'europe-west4', zone: 'europe-west4-a', in_use_by: [] });
  });

  it('409 on a duplicate (cloud, region, zone)', async () => {
    const r = await t.call<ErrorBody>('POST', '/api/admin/regions', zone({ vpc_id: 'vpc-other' }));
    assert.equal(r.status, 409);
  });

  const invalid: [string, Record<string, unknown>, RegExp][] = [
    ['upper-case cloud', { cloud: 'AWS' }, /cloud "AWS" is invalid/],
    ['region with a colon', { region: 'us:east' }, /region "us:east" is invalid/],
    ['zone starting with a dash', { zone: '-a' }, /zone "-a" is invalid/],
    ['empty zone', { zone: '' }, /Invalid body|zone/],
    ['too long vpc_id', { vpc_id: 'v'.repeat(256) }, /Invalid body|longer/],
    ['vpc_id with a newline', { vpc_id: 'vpc\n1' }, /control characters/],
    ['duplicate security groups', { security_groups: ['a', 'a'] }, /duplicates/],
    ['empty security group name', { security_groups: [''] }, /empty name/],
    ['extras not an object', { extras: [1, 2] }, /Invalid body/],
    ['missing cloud', { cloud: undefined }, /Invalid body/],
  ];
  for (const [what, over, why] of invalid) {
    it(`400 for ${what}, nothing stored`, async () => {
      const before = (await t.call<Page<Region>>('GET', '/api/admin/regions')).body;
      const r = await t.call<ErrorBody>('POST', '/api/admin/regions', zone({ zone: 'eu-west-1z', ...over }));
      assert.equal(r.status, 400, r.raw);
      assert.match(r.body.error.message, why);
      assert.deepEqual((await t.call<Page<Region>>('GET', '/api/admin/regions')).body, before);
    });
  }

  it('deleting the last zone of a region live clusters run in is allowed and names them', async () => {
    await insertCluster(t.db, 'eu-cluster', { regions: ['aws:eu-west-1'] });
    await insertCluster(t.db, 'old-cluster', { status: 'DELETED', regions: ['aws:eu-west-1'] });
    const first = await t.call<{ in_use_by: string[] }>('DELETE', '/api/admin/regions/aws/eu-west-1/eu-west-1b');
    assert.deepEqual(first.body.in_use_by, [], 'another zone remains');
    const last = await t.call<{ in_use_by: string[] }>('DELETE', '/api/admin/regions/aws/eu-west-1/eu-west-1a');
    assert.deepEqual(last.body.in_use_by, ['eu-cluster']);
  });
});

describe('admin database role templates', () => {
  let t: AdminCtx;
  before(async () => {
    t = await setupAdmin('roletemplates');
  });
  after(() => t.close());

  it('happy: create with defaults, list, delete; audited', async () => {
    const r = await t.call<Template>('POST', '/api/admin/database-role-templates', { name: ' readers ' });
    assert.equal(r.status, 201, r.raw);
    assert.deepEqual([r.body.name, r.body.scope_type, r.body.sql_statement], ['readers', 'schema', 'CREATE ROLE IF NOT EXISTS {database_role};']);
    const w = await t.call<Template>('POST', '/api/admin/database-role-templates', {
      name: 'writers',
      scope_type: 'database',
      sql_statement: 'CREATE ROLE IF NOT EXISTS {database_role}; GRANT ALL ON DATABASE {database_name} TO {database_role}',
    });
    assert.equal(w.status, 201, w.raw);
    const list = await t.call<Page<Template>>('GET', '/api/admin/database-role-templates');
    assert.deepEqual(list.body.items.map((i) => i.name), ['readers', 'writers']);
    assert.equal((await t.call('DELETE', '/api/admin/database-role-templates/writers')).status, 200);
    assert.equal((await t.call('DELETE', '/api/admin/database-role-templates/writers')).status, 404);
    assert.deepEqual((await eventsFor(t.db, 'DATABASE_ROLE_CREATED'))[0]!.details.database_role_template, 'readers');
    assert.equal((await eventsFor(t.db, 'DATABASE_ROLE_DELETED')).length, 1);
  });

  it('409 on a duplicate name', async () => {
    assert.equal((await t.call('POST', '/api/admin/database-role-templates', { name: 'readers' })).status, 409);
  });

  const invalid: [string, Record<string, unknown>, RegExp][] = [
    ['an upper-case name', { name: 'Readers' }, /Template name "Readers" is invalid/],
    ['an empty name', { name: '  ' }, /Template name "" is invalid/],
    ['an unknown scope', { name: 'x1', scope_type: 'table' }, /Invalid body/],
    ['an unknown placeholder', { name: 'x2', sql_statement: 'CREATE ROLE {role}' }, /Unknown placeholder \{role\}/],
    ['no {database_role}', { name: 'x3', sql_statement: 'SELECT 1' }, /must use \{database_role\}/],
    ['{schema_name} in a database template', { name: 'x4', scope_type: 'database', sql_statement: 'GRANT USAGE ON SCHEMA {schema_name} TO {database_role}' }, /schema-scoped/],
  ];
  for (const [what, body, why] of invalid) {
    it(`400 for ${what}, nothing stored`, async () => {
      const before = (await t.call<Page<Template>>('GET', '/api/admin/database-role-templates')).body;
      const r = await t.call<ErrorBody>('POST', '/api/admin/database-role-templates', body);
      assert.equal(r.status, 400, r.raw);
      assert.match(r.body.error.message, why);
      assert.deepEqual((await t.call<Page<Template>>('GET', '/api/admin/database-role-templates')).body, before);
    });
  }

  it('409 when deleting a template that clusters hold roles of', async () => {
    await insertCluster(t.db, 'tpl-cluster');
    await t.db.query(`INSERT INTO cluster_database_objects (cluster_id, database_name, created_by, updated_by) VALUES ('tpl-cluster', 'app', 't', 't')`);
    await t.db.query(
      `INSERT INTO cluster_database_roles (cluster_id, database_role, database_name, schema_name, template_name, scope_type, sql_statement)
       VALUES ('tpl-cluster', 'app_public_readers', 'app', 'public', 'readers', 'schema', 'CREATE ROLE ...')`,
    );
    const r = await t.call<ErrorBody>('DELETE', '/api/admin/database-role-templates/readers');
    assert.equal(r.status, 409);
    assert.match(r.body.error.message, /in use by roles in: tpl-cluster/);
    assert.equal((await t.call<Page<Template>>('GET', '/api/admin/database-role-templates')).body.items.length, 1);
  });
});
