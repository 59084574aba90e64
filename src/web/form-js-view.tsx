import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import { Alert } from 'antd';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { problemText, type FieldIssue } from './api';
import { i18n } from './i18n/i18n';
import './form-js-view.css';

/** What a page does with a form drawn by {@link FormJsView}. */
export interface FormJsViewHandle {
  /** Validates the form as form-js does (showing the errors beside the fields); true when it has none. */
  validate(): boolean;
  /** The data the form submits (the values of its shown fields, lists and groups at their paths), valid or not. */
  data(): Record<string, unknown>;
  /** Validates the form (showing the errors beside the fields) and returns the data it submits, as form-js's `submit`. */
  submit(): Record<string, unknown>;
  /**
   * Shows the server's objections beside the fields they name — a path is a field's place in the data (dotted, list
   * items by index), possibly after `values.` or `data.`, or a field's key — and returns those that name no field.
   */
  showIssues(issues: FieldIssue[]): FieldIssue[];
}

/** The English texts of form-js, by the key of their translation under `formJs.` in the common catalogue. */
const FORM_JS_MESSAGES: Readonly<Record<string, string>> = {
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

/**
 * form-js's `translate` service: its texts from the catalogues (those of {@link FORM_JS_MESSAGES}, then those of
 * `texts`, a template → full catalogue key), other texts as form-js writes them.
 */
function translateModule(texts: Readonly<Record<string, string>>) {
  return {
    translate: ['value', (template: string, replacements: Record<string, string | number> = {}) => {
      const common = FORM_JS_MESSAGES[template];
      const key = common ? `formJs.${common}` : texts[template];
      if (key) return i18n.t(key, { value: String(replacements['value'] ?? '') });
      return template.replace(/{([^}]+)}/g, (_, name: string) => (replacements[name] !== undefined && replacements[name] !== '' ? String(replacements[name]) : `{${name}}`));
    }],
  };
}

/** A field of the form as declared: its id, its key (a field with a value) or path (a group). */
interface FieldLike {
  id: string;
  key?: string;
  path?: string;
}

/** A drawn field of the form: its id, where its value lies in the data, and its list item indexes. */
interface FieldInstance {
  id: string;
  valuePath: Array<string | number>;
  indexes?: Record<string, number>;
}

/** The internals of form-js the component reaches: the submit data without validation, and the state setter. */
interface ViewerInternals {
  _getSubmitData(): Record<string, unknown>;
  /** The data as an import would open it: every field's value initialised (empty, default). */
  _getInitializedFieldData(data: Record<string, unknown>): Record<string, unknown>;
  _setState(state: { errors: Record<string, unknown> }): void;
}

/** What {@link FormJsView} draws and whom it tells about edits. */
export interface FormJsViewProps {
  /** The form (form-js JSON). */
  schema: Record<string, unknown>;
  /** The data the form opens with. */
  data: Record<string, unknown>;
  /**
   * What counts as unedited, when `data` already holds edits (a task page reloaded while its form was being filled):
   * the form then tells `onChange` at once that it is edited. `data` by default. Read with `heard: 'fields'` only.
   */
  baseline?: Record<string, unknown>;
  readOnly: boolean;
  /** Hears the form's values after each edit (see `heard`), and whether they now differ from what the form opened with. */
  onChange?: (values: Record<string, unknown>, edited: boolean) => void;
  /**
   * What `onChange` hears: `'fields'` — the value of every field of the form by its key, taken from the whole data
   * (a task's variables); `'data'` — the data the form submits (an application's data, lists and groups included).
   */
  heard: 'fields' | 'data';
  /** The title of the alert shown when the form cannot be drawn (already translated). */
  failureTitle: string;
  /** The class of the form's box. */
  className: string;
  /** More texts of form-js to translate: the English template → the full key of its translation. */
  texts?: Readonly<Record<string, string>>;
}

const NO_TEXTS: Readonly<Record<string, string>> = {};

/**
 * A form drawn by form-js's viewer (`@bpmn-io/form-js-viewer`) in the application's language, with every keystroke
 * reaching its data at once (no debounce); the server's objections go beside the fields through the handle.
 */
export const FormJsView = forwardRef<FormJsViewHandle, FormJsViewProps>(
  function FormJsView({ schema, data, baseline, readOnly, onChange, heard, failureTitle, className, texts = NO_TEXTS }, ref) {
    const { t } = useTranslation();
    const container = useRef<HTMLDivElement>(null);
    const form = useRef<Form | null>(null);
    const [failure, setFailure] = useState<string | null>(null);
    const listener = useRef(onChange);
    listener.current = onChange;

    useEffect(() => {
      if (!container.current) return undefined;
      // no debounce: every keystroke reaches the form's data at once, so that a save, submit or completion right after
      // typing (without leaving the field) never loses or clears what was typed last
      const options = { container: container.current, additionalModules: [translateModule(texts)], properties: { readOnly }, debounce: false };
      const viewer = new Form(options);
      form.current = viewer;
      setFailure(null);
      let initial: string | null = null;
      const fieldValues = (all: Record<string, unknown>) => {
        const keys = viewer.get<{ getAll(): FieldLike[] }>('formFieldRegistry').getAll().map((f) => f.key).filter((k): k is string => !!k);
        return Object.fromEntries(keys.filter((k) => k in all).map((k) => [k, all[k]]));
      };
      const current = () => (heard === 'fields' ? fieldValues(viewer._getState().data) : (viewer as unknown as ViewerInternals)._getSubmitData());
      viewer.on('changed', () => {
        if (initial === null || !listener.current) return;
        const values = current();
        listener.current(values, JSON.stringify(values) !== initial);
      });
      viewer.importSchema(schema, data).then(
        () => {
          const opened = current();
          // with a baseline, the edits `data` holds stay edits: the page goes on guarding them
          initial = JSON.stringify(heard === 'fields' && baseline && baseline !== data
            ? fieldValues((viewer as unknown as ViewerInternals)._getInitializedFieldData(structuredClone(baseline)))
            : opened);
          if (JSON.stringify(opened) !== initial) listener.current?.(opened, true);
        },
        (e: unknown) => setFailure(problemText(e, t)),
      );
      return () => {
        form.current = null;
        viewer.destroy();
      };
    }, [schema, data, baseline, readOnly, heard, texts]);

    useImperativeHandle(ref, () => ({
      validate: () => {
        const viewer = form.current;
        return !!viewer && Object.keys(viewer.validate()).length === 0;
      },
      data: () => {
        const viewer = form.current as unknown as ViewerInternals | null;
        return viewer ? viewer._getSubmitData() : {};
      },
      submit: () => {
        const viewer = form.current;
        return viewer ? viewer.submit().data : {};
      },
      showIssues: (issues) => {
        const viewer = form.current;
        if (!viewer) return issues;
        const instances = viewer.get<{ getAllKeyed(): FieldInstance[] }>('formFieldInstanceRegistry').getAllKeyed();
        const fields = viewer.get<{ getAll(): FieldLike[] }>('formFieldRegistry').getAll();
        const errors: Record<string, unknown> = {};
        const unplaced: FieldIssue[] = [];
        for (const issue of issues) {
          const path = issue.path.replace(/^(values|data)\./, '');
          const instance = instances.find((i) => i.valuePath.join('.') === path);
          // a field drawn at that place in the data, else a field (or group) of that key or path
          const field = instance ? null : fields.find((f) => f.key === path || f.path === path);
          if (!instance && !field) {
            unplaced.push(issue);
            continue;
          }
          // form-js keys the errors of a list item's field by the field id and then the item indexes
          const keys = instance ? [instance.id, ...Object.values(instance.indexes ?? {}).map(String)] : [(field as FieldLike).id];
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
      // form-js writes its select fields' placeholder in English and offers no way to change it: the stylesheet shows
      // ours in its place
      <div className={className} data-readonly={readOnly} style={{ '--fjs-select-placeholder': JSON.stringify(t('formJs.select')) } as CSSProperties}>
        {failure && <Alert type="error" showIcon message={failureTitle} description={failure} />}
        <div ref={container} />
      </div>
    );
  },
);
