// The SQL editor: CodeMirror 6 with Trino highlighting, audit-view completion, the run key
// (Ctrl/Cmd+Enter) and the error of the last run marked at its position. Loaded after the page.
import { useEffect, useRef } from 'react';
import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { sql } from '@codemirror/lang-sql';
import { setDiagnostics } from '@codemirror/lint';
import { autocompletion } from '@codemirror/autocomplete';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { TrinoDialect } from './trino-dialect';
import { auditCompletion, type ViewInfo } from './completion';

export interface EditorError {
  from: number;
  to: number;
  message: string;
}

/** What the page may do to the editor (sidebar clicks insert names). */
export interface EditorHandle {
  insert(text: string): void;
  focus(): void;
}

export interface SqlEditorProps {
  handle?: { current: EditorHandle | undefined };
  value: string;
  onChange(value: string): void;
  onRun(): void;
  views: ViewInfo[];
  error?: EditorError;
}

// Colours from the page's CSS variables, so light and dark themes both read well.
const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--syn-keyword)', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--syn-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--syn-number)' },
  { tag: tags.comment, color: 'var(--syn-comment)', fontStyle: 'italic' },
  { tag: [tags.standard(tags.name), tags.function(tags.variableName)], color: 'var(--syn-function)' },
  { tag: tags.typeName, color: 'var(--syn-type)' },
  { tag: tags.operator, color: 'var(--syn-operator)' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '14px', backgroundColor: 'var(--editor-bg)', color: 'var(--fg)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-gutters': { backgroundColor: 'var(--editor-gutter)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--editor-active)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--editor-active)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--selection) !important' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-fg)' },
  '.cm-completionDetail': { color: 'var(--muted)', fontStyle: 'normal', marginLeft: '0.8em' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--danger)' },
});

export default function SqlEditor({ handle, value, onChange, onRun, views, error }: SqlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>(undefined);
  const completion = useRef(new Compartment());
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (callbacks.current.onRun(), true) }])),
          basicSetup,
          sql({ dialect: TrinoDialect, upperCaseKeywords: true }),
          completion.current.of(autocompletion({ override: [auditCompletion(views)] })),
          syntaxHighlighting(highlight),
          theme,
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': 'SQL query (Ctrl+Enter runs it)' }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) callbacks.current.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    if (handle) {
      handle.current = {
        insert(text) {
          const { from, to } = editor.state.selection.main;
          editor.dispatch({ changes: { from, to, insert: text }, selection: { anchor: from + text.length } });
          editor.focus();
        },
        focus: () => editor.focus(),
      };
    }
    return () => editor.destroy();
    // The editor is created once; value and views flow in through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Text set from outside (an example, a saved query, a shared link).
  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: completion.current.reconfigure(autocompletion({ override: [auditCompletion(views)] })) });
  }, [views]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const len = editor.state.doc.length;
    const diagnostics = error
      ? [{ from: Math.min(error.from, len), to: Math.min(Math.max(error.to, error.from), len), severity: 'error' as const, message: error.message }]
      : [];
    editor.dispatch(setDiagnostics(editor.state, diagnostics));
  }, [error]);

  return <div className="sql-editor" ref={host} />;
}
