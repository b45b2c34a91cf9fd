// Toast notifications (Alpine.store('toasts')): action results, errors with the request id, and links to the job an
// action started. Toasts close by themselves after a few seconds (errors stay longer) or with their close button.
export type Toast = { id: number; kind: 'ok' | 'error' | 'info'; message: string; requestId?: string; jobId?: string };

let seq = 0;

export const createToastStore = () => ({
  items: [] as Toast[],

  push(t: Omit<Toast, 'id'>, ms?: number) {
    const toast: Toast = { ...t, id: ++seq };
    this.items = [...this.items.slice(-4), toast];
    window.setTimeout(() => this.dismiss(toast.id), ms ?? (t.kind === 'error' ? 10000 : 5000));
    return toast.id;
  },
  ok(message: string, jobId?: string) {
    return this.push({ kind: 'ok', message, ...(jobId ? { jobId } : {}) }, jobId ? 10000 : undefined);
  },
  info(message: string) {
    return this.push({ kind: 'info', message });
  },
  error(message: string, requestId?: string) {
    return this.push({ kind: 'error', message, ...(requestId ? { requestId } : {}) });
  },
  dismiss(id: number) {
    this.items = this.items.filter((t) => t.id !== id);
  },
});

export type ToastStore = ReturnType<typeof createToastStore>;
