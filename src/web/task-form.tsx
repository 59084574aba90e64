import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import { Alert } from 'antd';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from './api';
import { i18n } from './i18n/i18n';

/** What the task page does with the form: check it, read its data, show the server's objections beside its fields. */
export interface TaskFormHandle {
  /** Validates the form as form-js does (showing the errors beside the fields); true when it has none. */
  validate(): boolean;
  /** The data the form submits: the values of its visible fields, by key. */
  data(): Record<string, unknown>;
  /**
   * Shows the server's objections beside the fields they name (a path is a field's key, possibly after `values.`);
   * returns those that name no field of the form.
   */
  showIssues(issues: FieldIssue[]): FieldIssue[];
}

/** The English messages of form-js's validation, by the key of their translation under `formJs.` in the catalogues. */
const FORM_JS_MESSAGES: Record<string, string> = {
  'Field is required.': 'required',
  'Field must have minimum length of {value}.': 'minLength',
  'Field must have maximum length of {value}.': 'maxLength',
  'Field must have minimum value of {value}.': 'min',
  'Field must have maximum value of {value}.': 'max',
  'Field must match pattern {value}.': 'pattern',
  'Field must be a valid email.': 'email',
  'Value is not a number.': 'notNumber',
  'Value is expected to be an integer.': 'integer',
  'Date and time must both be entered.': 'dateTime',
  'Value is expected to have at most {value} decimal digits.': 'decimals',
  'Search': 'search',
  'No results': 'noResults',
  'Remove tag': 'removeTag',
  'Nothing to show.': 'nothing',
};

/** form-js's `translate` service: its validation messages from the catalogues, other texts as form-js writes them. */
const TranslateModule = {
  translate: ['value', (template: string, replacements: Record<string, string | number> = {}) => {
    const key = FORM_JS_MESSAGES[template];
    if (key) return i18n.t(`formJs.${key}`, { value: String(replacements['value'] ?? '') });
    return template.replace(/{([^}]+)}/g, (_, name: string) => (replacements[name] !== undefined && replacements[name] !== '' ? String(replacements[name]) : `{${name}}`));
  }],
};

interface FieldLike {
  id: string;
  key?: string;
  path?: string;
}

/**
 * The task's deployed form, drawn by form-js (`@bpmn-io/form-js-viewer`) with the process variables as its initial
 * data; read-only when the caller may not complete the task. `onChange` hears the values of the form's fields after
 * each edit, and whether they now differ from what the form opened with.
 */
export const TaskForm = forwardRef<TaskFormHandle, { schema: Record<string, unknown>; data: Record<string, unknown>; readOnly: boolean; onChange?: (values: Record<string, unknown>, edited: boolean) => void }>(
  function TaskForm({ schema, data, readOnly, onChange }, ref) {
    const { t } = useTranslation();
    const container = useRef<HTMLDivElement>(null);
    const form = useRef<Form | null>(null);
    const [failure, setFailure] = useState<string | null>(null);
    const listener = useRef(onChange);
    listener.current = onChange;

    useEffect(() => {
      if (!container.current) return undefined;
      // no debounce: every keystroke reaches the form's data at once, so that completing the task right after typing
      // (without leaving the field) never loses or clears what was typed last
      const options = { container: container.current, additionalModules: [TranslateModule], properties: { readOnly }, debounce: false };
      const viewer = new Form(options);
      form.current = viewer;
      setFailure(null);
      let initial: string | null = null;
      const fieldValues = (all: Record<string, unknown>) => {
        const keys = viewer.get<{ getAll(): FieldLike[] }>('formFieldRegistry').getAll().map((f) => f.key).filter((k): k is string => !!k);
        return Object.fromEntries(keys.filter((k) => k in all).map((k) => [k, all[k]]));
      };
      viewer.on('changed', (event: { data: Record<string, unknown> }) => {
        if (initial === null || !listener.current) return;
        const values = fieldValues(event.data);
        listener.current(values, JSON.stringify(values) !== initial);
      });
      viewer.importSchema(schema, data).then(
        () => { initial = JSON.stringify(fieldValues(viewer._getState().data)); },
        (e: unknown) => setFailure(e instanceof Error ? e.message : String(e)),
      );
      return () => {
        form.current = null;
        viewer.destroy();
      };
    }, [schema, data, readOnly]);

    useImperativeHandle(ref, () => ({
      validate: () => {
        const viewer = form.current;
        return !!viewer && Object.keys(viewer.validate()).length === 0;
      },
      data: () => {
        const viewer = form.current;
        return viewer ? viewer.submit().data : {};
      },
      showIssues: (issues) => {
        const viewer = form.current;
        if (!viewer) return issues;
        const fields = viewer.get<{ getAll(): FieldLike[] }>('formFieldRegistry').getAll();
        const errors: Record<string, string[]> = {};
        const unplaced: FieldIssue[] = [];
        for (const issue of issues) {
          const path = issue.path.replace(/^values\./, '');
          const field = fields.find((f) => f.key === path || f.path === path);
          if (field) (errors[field.id] ??= []).push(issue.message);
          else unplaced.push(issue);
        }
        viewer._setState({ errors });
        return unplaced;
      },
    }), []);

    return (
      <div className="task-form">
        {failure && <Alert type="error" showIcon message={t('task.formFailed')} description={failure} />}
        <div ref={container} />
      </div>
    );
  },
);
