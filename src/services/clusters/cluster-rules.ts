// Request rules that do not need the database: the cluster name rule (decisions.md: validated, never mangled [12])
// and the minimum cluster size.

export const CLUSTER_NAME_RE = /^[a-z][a-z0-9-]{2,38}[a-z0-9]$/;
export const CLUSTER_NAME_RULE =
  'a cluster name is 4-40 characters: lowercase letters, digits and "-", starting with a letter and not ending with "-" (^[a-z][a-z0-9-]{2,38}[a-z0-9]$)';

/** The problem with a name, or undefined when it is valid. */
export const clusterNameProblem = (name: string): string | undefined =>
  CLUSTER_NAME_RE.test(name) ? undefined : `"${name}" is not a valid cluster name: ${CLUSTER_NAME_RULE}.`;

/** CockroachDB needs three replicas: regions × nodes per region must reach 3. */
export const MIN_TOTAL_NODES = 3;

export const totalNodes = (nodeCountPerRegion: number, regions: number) => nodeCountPerRegion * regions;

/** "cloud:region" → parts, or undefined when malformed. */
export const parseRegionId = (id: string): { cloud: string; region: string } | undefined => {
  const i = id.indexOf(':');
  if (i <= 0 || i === id.length - 1 || id.indexOf(':', i + 1) !== -1) return undefined;
  return { cloud: id.slice(0, i), region: id.slice(i + 1) };
};
