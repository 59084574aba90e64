import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import { Alert } from 'antd';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../api';
import { i18n } from '../i18n/i18n';
import { problemText } from '../api';

/** What the application page does with the application form. */
export interface ApplicationFormHandle {
  /** Validates the form as form-js does (errors beside the fields); true when it has none. */
  validate(): boolean;
  /** The data as it stands, valid or not (a draft may be incomplete). */
  data(): Record<string, unknown>;
  /** Shows the server's objections beside the fields they name (dotted paths, list items by index); returns the others. */
  showIssues(issues: FieldIssue[]): FieldIssue[];
}

/** form-js's English validation messages, by the key of their translation under `formJs.` (the common catalogue). */
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

/** form-js's texts of repeating lists (主要管理人员), by the key of their translation under `company.formJs.`. */
const LIST_MESSAGES: Record<string, string> = { 'Add new': 'addNew', 'Expand all ({value})': 'expandAll', 'Collapse': 'collapse' };

const TranslateModule = {
  translate: ['value', (template: string, replacements: Record<string, string | number> = {}) => {
    const key = FORM_JS_MESSAGES[template];
    if (key) return i18n.t(`formJs.${key}`, { value: String(replacements['value'] ?? '') });
    const listKey = LIST_MESSAGES[template];
    if (listKey) return i18n.t(`company.formJs.${listKey}`, { value: String(replacements['value'] ?? '') });
    return template.replace(/{([^}]+)}/g, (_, name: string) => (replacements[name] !== undefined && replacements[name] !== '' ? String(replacements[name]) : `{${name}}`));
  }],
};

/** A drawn field of the form: its id, where its value lies in the data, and its list item indexes. */
interface FieldInstance {
  id: string;
  valuePath: Array<string | number>;
  indexes?: Record<string, number>;
}

/** The internals of form-js the component reaches: the submit data without validation, and the state setter. */
interface ViewerInternals {
  _getSubmitData(): Record<string, unknown>;
  _setState(state: { errors: Record<string, unknown> }): void;
}

/**
 * The procedure's application form (form-js, `@bpmn-io/form-js-viewer`) with the application's data; read-only once
 * the application is with the officers. `onChange` hears the form's data after each edit, and whether it now differs
 * from what the form opened with.
 */
export const ApplicationForm = forwardRef<ApplicationFormHandle, { schema: Record<string, unknown>; data: Record<string, unknown>; readOnly: boolean; onChange?: (data: Record<string, unknown>, edited: boolean) => void }>(
  function ApplicationForm({ schema, data, readOnly, onChange }, ref) {
    const { t } = useTranslation();
    const container = useRef<HTMLDivElement>(null);
    const form = useRef<Form | null>(null);
    const [failure, setFailure] = useState<string | null>(null);
    const listener = useRef(onChange);
    listener.current = onChange;

    useEffect(() => {
      if (!container.current) return undefined;
      // every keystroke reaches the form's data at once: a save or submit never misses what was typed last
      const options = { container: container.current, additionalModules: [TranslateModule], properties: { readOnly }, debounce: false };
      const viewer = new Form(options);
      form.current = viewer;
      setFailure(null);
      let initial: string | null = null;
      const current = () => (viewer as unknown as ViewerInternals)._getSubmitData();
      viewer.on('changed', () => {
        if (initial === null || !listener.current) return;
        const values = current();
        listener.current(values, JSON.stringify(values) !== initial);
      });
      viewer.importSchema(schema, data).then(
        () => { initial = JSON.stringify(current()); },
        (e: unknown) => setFailure(problemText(e, t)),
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
        const viewer = form.current as unknown as ViewerInternals | null;
        return viewer ? viewer._getSubmitData() : {};
      },
      showIssues: (issues) => {
        const viewer = form.current;
        if (!viewer) return issues;
        const instances = viewer.get<{ getAllKeyed(): FieldInstance[] }>('formFieldInstanceRegistry').getAllKeyed();
        const errors: Record<string, unknown> = {};
        const unplaced: FieldIssue[] = [];
        for (const issue of issues) {
          const path = issue.path.replace(/^(values|data)\./, '');
          const instance = instances.find((i) => i.valuePath.join('.') === path);
          if (!instance) {
            unplaced.push(issue);
            continue;
          }
          // form-js keys the errors of a list item's field by the field id and then the item indexes
          const keys = [instance.id, ...Object.values(instance.indexes ?? {}).map(String)];
          let node = errors;
          for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
          const last = keys[keys.length - 1] as string;
          node[last] = [...((node[last] as string[] | undefined) ?? []), issue.message];
        }
        (viewer as unknown as ViewerInternals)._setState({ errors });
        return unplaced;
      },
    }), []);

    return (
      <div className="company-form" data-readonly={readOnly}>
        {failure && <Alert type="error" showIcon message={t('company.formFailed')} description={failure} />}
        <div ref={container} />
      </div>
    );
  },
);
