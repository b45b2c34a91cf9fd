// What every view component shares: access to the stores, dialog open/close by x-ref, copy-to-clipboard, and `act()`
// for a mutation (busy flag, success toast with the job link when the API returned a job id).
import Alpine from '@alpinejs/csp';
import type { RouterStore } from '../stores/router';
import type { SessionStore } from '../stores/session';
import type { ToastStore } from '../stores/toasts';
import { closeDialog, copyText, openDialog } from './dialogs';
import { text as toText } from './format';

export const toasts = () => Alpine.store('toasts') as ToastStore;
export const session = () => Alpine.store('session') as SessionStore;
export const router = () => Alpine.store('router') as RouterStore;

type WithRefs = { $refs: Record<string, HTMLElement> };

/** The job a mutation started: every job-starting route answers `job_id` (the OpenAPI document says so). */
export const jobIdOf = (v: unknown): string | undefined => {
  const id = v && typeof v === 'object' ? (v as { job_id?: unknown }).job_id : undefined;
  return typeof id === 'string' ? id : undefined;
};

export const viewBase = () => ({
  acting: false,

  open(ref: string) {
    openDialog((this as unknown as WithRefs).$refs[ref]);
  },
  close(ref: string) {
    closeDialog((this as unknown as WithRefs).$refs[ref]);
  },
  async copy(text: unknown) {
    if (await copyText(toText(text))) toasts().ok('Copied to the clipboard.');
    else toasts().error('Could not copy: select the text and copy it by hand.');
  },
  /** Runs a mutation. `ok: false` when it failed (the api wrapper already showed the error) or another runs. */
  async act<T>(fn: () => Promise<T>, okMessage?: string): Promise<{ ok: true; value: T } | { ok: false }> {
    if (this.acting) return { ok: false };
    this.acting = true;
    try {
      const value = await fn();
      if (okMessage) toasts().ok(okMessage, jobIdOf(value));
      return { ok: true, value };
    } catch {
      return { ok: false };
    } finally {
      this.acting = false;
    }
  },
});
