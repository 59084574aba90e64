// Loaded on demand (lazy from the modeler page): form-js's editor and its styles are downloaded only when a manager
// opens a form, never by the officers' pages nor by the modeler alone.
// the editor's canvas draws the form with form-js's viewer styles (the task page's copy; the editor's own 1.x copy is
// not exported by its package)
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js-editor/dist/assets/properties-panel.css';
import { FormEditor } from '@bpmn-io/form-js-editor';
import { Alert } from 'antd';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemText } from '../api';
import { formEditorLanguage } from './form-editor-language';

/** What the modeler page asks of an open form editor. */
export interface FormEditorHandle {
  /** The form as edited now (form-js JSON). */
  schema(): Record<string, unknown> | null;
}

/** form-js's editor of `schema` (palette, canvas and properties); changes are read through the handle. */
export const FormSchemaEditor = forwardRef<FormEditorHandle, { schema: Record<string, unknown>; onChange?: () => void }>(function FormSchemaEditor({ schema, onChange }, ref) {
  const { t, i18n } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const editor = useRef<FormEditor | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useImperativeHandle(ref, () => ({ schema: () => (editor.current ? (editor.current.saveSchema() as Record<string, unknown>) : null) }), []);

  useEffect(() => {
    if (!container.current) return undefined;
    // the editor's labels in the interface language it was opened in
    const language = formEditorLanguage(i18n.language);
    const created = new FormEditor({ container: container.current, additionalModules: language.modules });
    const detach = language.attach(container.current);
    editor.current = created;
    created.importSchema(schema).then(
      () => created.on('changed', () => changed.current?.()),
      (e: unknown) => setFailure(problemText(e, t)),
    );
    return () => {
      detach();
      created.destroy();
      editor.current = null;
    };
  }, [schema]);

  return (
    <>
      {failure && <Alert type="error" showIcon message={t('modeler.forms.importFailed')} description={failure} />}
      <div ref={container} className="form-editor-canvas" data-form={typeof schema['id'] === 'string' ? schema['id'] : ''} />
    </>
  );
});
