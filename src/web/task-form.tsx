import { forwardRef, useImperativeHandle, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from './api';
import { FormJsView, type FormJsViewHandle } from './form-js-view';

/** What the task page does with the form: check it, read its data, show the server's objections beside its fields. */
export interface TaskFormHandle {
  /** Validates the form as form-js does (showing the errors beside the fields); true when it has none. */
  validate(): boolean;
  /** The data the form submits: the values of its visible fields, by key (checked, as form-js submits). */
  data(): Record<string, unknown>;
  /**
   * Shows the server's objections beside the fields they name (a path is a field's key, possibly after `values.`);
   * returns those that name no field of the form.
   */
  showIssues(issues: FieldIssue[]): FieldIssue[];
}

/**
 * The task's deployed form, drawn by form-js (`@bpmn-io/form-js-viewer`) with the process variables as its initial
 * data; read-only when the caller may not complete the task. `onChange` hears the values of the form's fields after
 * each edit, and whether they now differ from what the form opened with.
 */
export const TaskForm = forwardRef<TaskFormHandle, { schema: Record<string, unknown>; data: Record<string, unknown>; baseline?: Record<string, unknown>; readOnly: boolean; onChange?: (values: Record<string, unknown>, edited: boolean) => void }>(
  function TaskForm({ schema, data, baseline, readOnly, onChange }, ref) {
    const { t } = useTranslation();
    const view = useRef<FormJsViewHandle>(null);

    useImperativeHandle(ref, () => ({
      validate: () => view.current?.validate() ?? false,
      data: () => view.current?.submit() ?? {},
      showIssues: (issues) => view.current?.showIssues(issues) ?? issues,
    }), []);

    return <FormJsView ref={view} schema={schema} data={data} baseline={baseline} readOnly={readOnly} onChange={onChange} heard="fields" failureTitle={t('task.formFailed')} className="task-form" />;
  },
);
