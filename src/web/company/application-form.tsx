import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FormJsView, type FormJsViewHandle } from '../form-js-view';

/**
 * What the application page does with the application form: validate it (errors beside the fields), read its data as
 * it stands, valid or not (a draft may be incomplete), show the server's objections beside the fields they name
 * (dotted paths, list items by index).
 */
export type ApplicationFormHandle = FormJsViewHandle;

/** form-js's texts of repeating lists (主要管理人员), by the key of their translation in the company catalogue. */
const LIST_MESSAGES: Readonly<Record<string, string>> = {
  'Add new': 'company.formJs.addNew',
  'Expand all ({value})': 'company.formJs.expandAll',
  'Collapse': 'company.formJs.collapse',
};

/**
 * The procedure's application form (form-js, `@bpmn-io/form-js-viewer`) with the application's data; read-only once
 * the application is with the officers. `onChange` hears the form's data after each edit, and whether it now differs
 * from what the form opened with.
 */
export const ApplicationForm = forwardRef<ApplicationFormHandle, { schema: Record<string, unknown>; data: Record<string, unknown>; readOnly: boolean; onChange?: (data: Record<string, unknown>, edited: boolean) => void }>(
  function ApplicationForm({ schema, data, readOnly, onChange }, ref) {
    const { t } = useTranslation();
    return <FormJsView ref={ref} schema={schema} data={data} readOnly={readOnly} onChange={onChange} heard="data" failureTitle={t('company.formFailed')} className="company-form" texts={LIST_MESSAGES} />;
  },
);
