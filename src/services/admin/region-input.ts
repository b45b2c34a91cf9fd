// Validation of a region (zone) row before it is stored. Identifiers become parts of "cloud:region" ids, Ansible
// group names and cloud API calls, so they are restricted to lower-case letters, digits and dashes; the free-form
// network fields only refuse what cannot be right (control characters, absurd lengths).
import { ValidationError } from '../../shared/errors.js';
import type { RegionInsert } from '../../repositories/regions.repository.js';

export const REGION_ID_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;
const MAX_FIELD = 255;
const MAX_SECURITY_GROUPS = 32;
const MAX_EXTRAS_BYTES = 16 * 1024;

export type RegionInput = {
  cloud: string;
  region: string;
  zone: string;
  vpc_id?: string;
  subnet?: string;
  image?: string;
  security_groups?: string[];
  extras?: Record<string, unknown>;
};

const identifier = (field: string, v: string) => {
  if (!REGION_ID_RE.test(v)) {
    throw new ValidationError(`${field} "${v}" is invalid: use 1-63 lower-case letters, digits and dashes, starting with a letter or digit.`, { field });
  }
};

const text = (field: string, v: string) => {
  if (v.length > MAX_FIELD) throw new ValidationError(`${field} is longer than ${MAX_FIELD} characters.`, { field });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) throw new ValidationError(`${field} contains control characters.`, { field });
  if (v !== v.trim()) throw new ValidationError(`${field} has leading or trailing spaces.`, { field });
};

export const validateRegionInput = (input: RegionInput): RegionInsert => {
  identifier('cloud', input.cloud);
  identifier('region', input.region);
  identifier('zone', input.zone);
  const r: RegionInsert = {
    cloud: input.cloud,
    region: input.region,
    zone: input.zone,
    vpc_id: input.vpc_id ?? '',
    subnet: input.subnet ?? '',
    image: input.image ?? '',
    security_groups: input.security_groups ?? [],
    extras: input.extras ?? {},
  };
  text('vpc_id', r.vpc_id);
  text('subnet', r.subnet);
  text('image', r.image);
  if (r.security_groups.length > MAX_SECURITY_GROUPS) throw new ValidationError(`At most ${MAX_SECURITY_GROUPS} security groups.`);
  for (const g of r.security_groups) {
    if (g === '') throw new ValidationError('security_groups cannot contain an empty name.', { field: 'security_groups' });
    text('security_groups', g);
  }
  if (new Set(r.security_groups).size !== r.security_groups.length) throw new ValidationError('security_groups has duplicates.');
  if (typeof r.extras !== 'object' || r.extras === null || Array.isArray(r.extras)) throw new ValidationError('extras must be a JSON object.');
  if (Buffer.byteLength(JSON.stringify(r.extras)) > MAX_EXTRAS_BYTES) throw new ValidationError(`extras is larger than ${MAX_EXTRAS_BYTES} bytes.`);
  return r;
};
