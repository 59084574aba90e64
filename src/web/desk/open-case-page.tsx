import { Alert, App, Button, Card, Form, Input, Radio, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { post } from '../api';
import { placeFieldIssues } from '../form-errors';
import { caseFilePath } from '../officer/officer-api';
import type { StartedProcedure } from './desk-api';
import { RegionFields, regionCodeOf, regionField, type RegionValues } from './region-fields';
import './desk.css';

/** The two tracks a case is opened in. */
type Track = 'admin' | 'criminal';

/** The values of the form, for either track. */
interface CaseValues extends RegionValues {
  party?: { kind: 'unit' | 'person'; name: string; identifier?: string };
  suspect?: { name: string; residentId?: string };
  facts: string;
  reporterName?: string;
}

const FIELDS: Record<Track, string[]> = {
  admin: ['party.kind', 'party.name', 'party.identifier', 'facts', 'reporterName'],
  criminal: ['suspect.name', 'suspect.residentId', 'facts', 'reporterName'],
};

/** Leaves out the optional texts left empty, which the server would refuse as too short. */
function trimmed(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

/**
 * `/desk/cases/new` (受案立案): a case officer opens an administrative case (行政案件: the party, unit or person, and the
 * suspected violation) or a criminal case (刑事案件: the suspect and the suspected crime); the acceptance receipt is
 * issued and the case's procedure starts, then its case file opens.
 */
export function OpenCasePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [track, setTrack] = useState<Track>('admin');
  const [form] = Form.useForm<CaseValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (values: CaseValues) => {
    setBusy(true);
    setProblem(null);
    const common = { regionCode: regionCodeOf(values), facts: values.facts.trim(), ...(trimmed(values.reporterName) ? { reporterName: trimmed(values.reporterName) } : {}) };
    try {
      const started = track === 'admin'
        ? await post<StartedProcedure>('/api/cases', {
          ...common,
          party: { kind: values.party?.kind ?? 'unit', name: values.party?.name.trim() ?? '', ...(trimmed(values.party?.identifier) ? { identifier: trimmed(values.party?.identifier) } : {}) },
        })
        : await post<StartedProcedure>('/api/criminal-cases', {
          ...common,
          suspect: { name: values.suspect?.name.trim() ?? '', ...(trimmed(values.suspect?.residentId) ? { residentId: trimmed(values.suspect?.residentId) } : {}) },
        });
      void message.success(t('desk.cases.opened', { number: started.number }));
      void navigate(caseFilePath(started.processInstanceId));
    } catch (e) {
      const fields: Record<string, string> = Object.fromEntries(FIELDS[track].map((f) => [f, f]));
      fields['regionCode'] = regionField(values);
      setProblem(placeFieldIssues(form, e, fields, { network: t('error.network'), unknown: t('error.unknown') }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('desk.cases.title')} className="desk-page" data-page="desk-open-case">
      <div className="desk-form">
        <Segmented<Track> value={track} onChange={(v) => { setTrack(v); setProblem(null); }} block
          options={[{ value: 'admin', label: t('desk.cases.admin') }, { value: 'criminal', label: t('desk.cases.criminal') }]} />
        <Typography.Paragraph type="secondary" className="desk-note">{t(`desk.cases.${track}Intro`)}</Typography.Paragraph>
        <Form<CaseValues> form={form} layout="vertical" requiredMark={false} disabled={busy} onFinish={(v) => void submit(v)} scrollToFirstError
          initialValues={{ party: { kind: 'unit' } }}>
          {track === 'admin' ? (
            <>
              <Form.Item name={['party', 'kind']} label={t('desk.cases.partyKind')}>
                <Radio.Group optionType="button" options={[{ value: 'unit', label: t('desk.cases.unit') }, { value: 'person', label: t('desk.cases.person') }]} />
              </Form.Item>
              <Form.Item name={['party', 'name']} label={t('desk.cases.partyName')} rules={[{ required: true, whitespace: true, message: t('desk.cases.partyNameRequired') }, { max: 200 }]}>
                <Input />
              </Form.Item>
              <Form.Item name={['party', 'identifier']} label={t('desk.cases.identifier')} extra={t('desk.cases.identifierHint')}
                rules={[{ pattern: /^\s*[0-9A-Za-z]{18}\s*$/, message: t('desk.cases.identifierInvalid') }]}>
                <Input maxLength={18} />
              </Form.Item>
            </>
          ) : (
            <>
              <Form.Item name={['suspect', 'name']} label={t('desk.cases.suspectName')} rules={[{ required: true, whitespace: true, message: t('desk.cases.suspectNameRequired') }, { max: 64 }]}>
                <Input />
              </Form.Item>
              <Form.Item name={['suspect', 'residentId']} label={t('desk.cases.residentId')} rules={[{ pattern: /^\s*\d{17}[\dXx]\s*$/, message: t('desk.cases.residentIdInvalid') }]}>
                <Input maxLength={18} />
              </Form.Item>
            </>
          )}
          <RegionFields />
          <Form.Item name="facts" label={t(`desk.cases.${track}Facts`)}
            rules={[{ required: true, whitespace: true, message: t('desk.cases.factsTooShort') }, { min: 10, message: t('desk.cases.factsTooShort') }, { max: 5000 }]}>
            <Input.TextArea rows={6} showCount maxLength={5000} />
          </Form.Item>
          <Form.Item name="reporterName" label={t('desk.cases.reporterName')} extra={t('desk.cases.reporterHint')} rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
          {problem && <Alert type="error" showIcon message={t('desk.failed')} description={problem} role="alert" className="desk-note" />}
          <Button type="primary" htmlType="submit" loading={busy} size="large">
            {t('desk.cases.submit')}
          </Button>
        </Form>
      </div>
    </Card>
  );
}
