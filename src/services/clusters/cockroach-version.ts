// CockroachDB release versions as cp accepts them: `vYY.R.P` (e.g. v25.2.4). Admin option lists validate with
// `parseCockroachVersion`; the create dialog sorts with `compareCockroachVersions`; upgrade rules (which major
// series may follow which) reuse `majorSeries`. Pre-release suffixes (-beta.1, -rc.2) are deliberately refused:
// cp deploys production releases only.

export type CockroachVersion = { year: number; release: number; patch: number; text: string };

const VERSION_RE = /^v(\d{2})\.([1-4])\.(\d{1,3})$/;

/** The parsed version, or undefined when `text` is not `vYY.R.P` (R is the release of the year, 1–4). */
export const parseCockroachVersion = (text: string): CockroachVersion | undefined => {
  const m = VERSION_RE.exec(text);
  if (!m) return undefined;
  return { year: Number(m[1]), release: Number(m[2]), patch: Number(m[3]), text };
};

export const isCockroachVersion = (text: string): boolean => parseCockroachVersion(text) !== undefined;

const must = (text: string): CockroachVersion => {
  const v = parseCockroachVersion(text);
  if (!v) throw new Error(`not a CockroachDB version: ${JSON.stringify(text)}`);
  return v;
};

/** Negative when a < b, positive when a > b, 0 when equal. Throws on text that does not parse. */
export const compareCockroachVersions = (a: string, b: string): number => {
  const x = must(a);
  const y = must(b);
  return x.year - y.year || x.release - y.release || x.patch - y.patch;
};

/** The major series a version belongs to, e.g. "25.2" for v25.2.4 (what `cluster.preserve_downgrade_option` takes). */
export const majorSeries = (text: string): string => {
  const v = must(text);
  return `${v.year}.${v.release}`;
};

/** Newest first; text that does not parse sorts last, alphabetically (legacy rows must not break the list). */
export const sortVersionsNewestFirst = (versions: readonly string[]): string[] => {
  const good = versions.filter(isCockroachVersion).sort((a, b) => compareCockroachVersions(b, a));
  const bad = versions.filter((v) => !isCockroachVersion(v)).sort();
  return [...good, ...bad];
};
