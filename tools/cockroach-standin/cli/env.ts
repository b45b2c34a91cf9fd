// The environment every stand-in process needs: the version this "binary" is (set by the per-version wrapper a
// playbook installs, COCKROACH_STANDIN_VERSION) and the PostgreSQL that holds the simulated clusters.
import { UsageError } from './flags.js';

/** The build tag this "binary" is; refusing to run without one keeps a wrong wrapper from passing silently. */
export const standinVersion = () => {
  const buildTag = process.env.COCKROACH_STANDIN_VERSION;
  if (!buildTag) {
    throw new UsageError('COCKROACH_STANDIN_VERSION is not set: run the per-version wrapper a playbook installs (bin/cockroach), not the shim directly');
  }
  return buildTag;
};

export const standinEnv = () => {
  const buildTag = standinVersion();
  const adminUrl = process.env.COCKROACH_STANDIN_PG_URL ?? process.env.TEST_PG_URL;
  if (!adminUrl) throw new UsageError('COCKROACH_STANDIN_PG_URL is not set: the stand-in keeps its clusters in PostgreSQL (scripts/services.sh env)');
  return { buildTag, adminUrl };
};

