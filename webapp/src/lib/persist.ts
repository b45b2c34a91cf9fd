// Persisted UI state (filters, sorts, auto-refresh toggles, tabs) in localStorage under one prefix. Failures (private
// mode, quota) are ignored: persistence is a convenience, never a requirement.
const PREFIX = 'cp.ui.';

export const loadPref = <T>(key: string, fallback: T): T => {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    if (raw === null) return fallback;
    const v = JSON.parse(raw) as unknown;
    return typeof v === typeof fallback || fallback === null ? (v as T) : fallback;
  } catch {
    return fallback;
  }
};

export const savePref = (key: string, value: unknown): void => {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    /* ignored: see above */
  }
};
