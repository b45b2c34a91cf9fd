// Mounts a code editor into an element, loading CodeMirror on first use (dynamic import → its own chunk). Editor
// handles live outside Alpine's reactivity (a WeakMap keyed by the host element), so Alpine never proxies them.
import type { EditorHandle } from './codemirror';

const editors = new WeakMap<HTMLElement, EditorHandle>();

export const mountEditor = async (
  el: HTMLElement | undefined,
  opts: { language: 'yaml' | 'sql'; doc: string; readOnly?: boolean; label: string; minHeight?: number; onChange?: (v: string) => void },
): Promise<void> => {
  if (!el) return;
  const { createEditor } = await import('./codemirror');
  const existing = editors.get(el);
  if (existing) {
    existing.setValue(opts.doc);
    return;
  }
  editors.set(el, createEditor(el, opts));
};

export const editorValue = (el: HTMLElement | undefined): string | undefined => (el ? editors.get(el)?.getValue() : undefined);

export const destroyEditor = (el: HTMLElement | undefined) => {
  if (!el) return;
  editors.get(el)?.destroy();
  editors.delete(el);
};
