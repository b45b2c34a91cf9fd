// CodeMirror 6 setup, loaded lazily by lib/editor.ts (a separate chunk, so the initial bundle stays small).
// The editor lives in a shadow root: there CodeMirror's style-mod uses constructable stylesheets (adoptedStyleSheets),
// which the strict CSP (style-src 'self') allows; in the document itself it would inject <style> elements, which the
// CSP blocks.
import { sql } from '@codemirror/lang-sql';
import { yaml } from '@codemirror/lang-yaml';
import { EditorState } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import { EditorView, basicSetup } from 'codemirror';

export type EditorHandle = { getValue(): string; setValue(v: string): void; destroy(): void };

export const createEditor = (
  parent: HTMLElement,
  opts: { language: 'yaml' | 'sql'; doc: string; readOnly?: boolean; label: string; minHeight?: number; onChange?: (v: string) => void },
): EditorHandle => {
  const shadow = parent.shadowRoot ?? parent.attachShadow({ mode: 'open' });
  const mount = document.createElement('div');
  shadow.appendChild(mount);
  const view = new EditorView({
    parent: mount,
    root: shadow,
    state: EditorState.create({
      doc: opts.doc,
      extensions: [
        basicSetup,
        oneDark,
        opts.language === 'yaml' ? yaml() : sql(),
        EditorView.lineWrapping,
        EditorView.theme({ '&': { minHeight: `${opts.minHeight ?? 200}px`, fontSize: '13px' }, '.cm-scroller': { fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace' } }),
        EditorState.readOnly.of(opts.readOnly ?? false),
        EditorView.contentAttributes.of({ 'aria-label': opts.label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) opts.onChange?.(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    getValue: () => view.state.doc.toString(),
    setValue: (v: string) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: v } }),
    destroy: () => {
      view.destroy();
      mount.remove();
    },
  };
};
