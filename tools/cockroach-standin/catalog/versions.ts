// CockroachDB version arithmetic: build tags look like `v24.1.3` (or `v24.2.0-beta.1`); the cluster setting `version`
// holds the major only (`24.1`), which is what `SHOW CLUSTER SETTING version` shows once an upgrade is finalized.

/** 'v24.1.3' → '24.1'. Throws on anything that is not a CockroachDB build tag, so a typo fails loudly. */
export const majorOf = (buildTag: string): string => {
  const m = /^v?(\d+)\.(\d+)/.exec(buildTag.trim());
  if (!m) throw new Error(`not a CockroachDB build tag: ${buildTag}`);
  return `${m[1]}.${m[2]}`;
};

/** Numeric comparison of majors ('24.10' > '24.9'); negative when a < b. */
export const compareMajors = (a: string, b: string): number => {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 !== b1 ? a1 - b1 : a2 - b2;
};

export const isMajor = (s: string): boolean => /^\d+\.\d+$/.test(s);

/** What `SELECT version()` and the crdb_version ParameterStatus show, in CockroachDB's own shape. */
export const versionString = (buildTag: string): string =>
  `CockroachDB CCL ${buildTag} (x86_64-pc-linux-gnu, built 2024/01/01 00:00:00, go1.22.5 X:nocoverageredesign)`;
