// Which versions a cluster may upgrade to, by CockroachDB's upgrade rules (decisions.md "Clusters", reference §5.2.5
// with its defects fixed [19]):
//   - any newer patch of the running major series (vYY.R.P → vYY.R.P' with P' > P);
//   - the next major series only — majors go YY.1 → YY.2 → YY.3 → YY.4 → (YY+1).1;
//   - innovation releases (YY.1 and YY.3) are optional: when the next major is an innovation release, the one after
//     it is allowed too (e.g. v24.2 → v24.3 or v24.4; v24.4 → v25.1 or v25.2), but an innovation release itself
//     can only be followed by the next major;
//   - never the running version, never an older one, never text that is not vYY.R.P.
import { compareCockroachVersions, parseCockroachVersion, type CockroachVersion } from './cockroach-version.js';

const isInnovation = (release: number) => release === 1 || release === 3;

const nextMajor = (y: number, r: number): [number, number] => (r === 4 ? [y + 1, 1] : [y, r + 1]);

const majorKey = (v: Pick<CockroachVersion, 'year' | 'release'>) => `${v.year}.${v.release}`;

/** The major series (as "YY.R") a cluster running `current` may move to, besides patches of its own. */
export const allowedNextMajors = (current: string): string[] => {
  const c = parseCockroachVersion(current);
  if (!c) return [];
  const [y1, r1] = nextMajor(c.year, c.release);
  const out = [`${y1}.${r1}`];
  if (isInnovation(r1)) {
    const [y2, r2] = nextMajor(y1, r1);
    out.push(`${y2}.${r2}`);
  }
  return out;
};

/** Upgrade targets among `available` (the admin's version list), oldest first. */
export const upgradeTargets = (current: string, available: readonly string[]): string[] => {
  const c = parseCockroachVersion(current);
  if (!c) return [];
  const majors = new Set(allowedNextMajors(current));
  return available
    .map((text) => parseCockroachVersion(text))
    .filter((v): v is CockroachVersion => v !== undefined)
    .filter((v) => (majorKey(v) === majorKey(c) ? v.patch > c.patch : majors.has(majorKey(v))))
    .map((v) => v.text)
    .filter((v, i, all) => all.indexOf(v) === i)
    .sort(compareCockroachVersions);
};

/** True when the versions belong to different major series (an upgrade that needs finalization). */
export const isMajorUpgrade = (from: string, to: string): boolean => {
  const a = parseCockroachVersion(from);
  const b = parseCockroachVersion(to);
  return !!a && !!b && majorKey(a) !== majorKey(b);
};
