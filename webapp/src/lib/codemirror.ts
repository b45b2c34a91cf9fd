// CodeMirror 6 setup, loaded lazily by lib/editor.ts (a separate chunk, so the initial bundle stays small).
// Styles come from CodeMirror's style-mod, which uses constructable stylesheets: allowed under style-src 'self'.
import { sql } from '@codemirror/lang-sql';
import { yaml } from '@codemirror/lang-yaml';
import { EditorState } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import { EditorView, basicSetup } from 'codemirror';

export type EditorHandle = { getValue(): string; setValue(v: string): void; destroy(): void };

export const createEditor = (
  parent: HTMLElement,
  opts: { language: 'yaml' | 'sql'; doc: string; readOnly?: boolean; label: string; onChange?: (v: string) => void },
): EditorHandle => {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: opts.doc,
      extensions: [
        basicSetup,
        oneDark,
        opts.language === 'yaml' ? yaml() : sql(),
        EditorView.lineWrapping,
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
    destroy: () => view.destroy(),
  };
};
