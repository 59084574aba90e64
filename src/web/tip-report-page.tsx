import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, Radio, Result, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, fieldIssues, post, problemText, reportTip, TIP_CATEGORIES, type TipCategory, type TipCreated, type TipReportBody } from './api';
import { TipAttachments } from './officer/tip-attachments';
import { useRegions } from './use-regions';

/** The cities a tip may be reported in: the server's built-in region table (`GUANGDONG` of `src/licensing/regions.ts`). */
export const TIP_CITIES: ReadonlyArray<{ code: string; name: string }> = [
  ['440100', '广州市'], ['440200', '韶关市'], ['440300', '深圳市'], ['440400', '珠海市'], ['440500', '汕头市'],
  ['440600', '佛山市'], ['440700', '江门市'], ['440800', '湛江市'], ['440900', '茂名市'], ['441200', '肇庆市'],
  ['441300', '惠州市'], ['441400', '梅州市'], ['441500', '汕尾市'], ['441600', '河源市'], ['441700', '阳江市'],
  ['441800', '清远市'], ['441900', '东莞市'], ['442000', '中山市'], ['445100', '潮州市'], ['445200', '揭阳市'],
  ['445300', '云浮市'],
].map(([code, name]) => ({ code: code as string, name: name as string }));

/** How an intake officer received a tip (`POST /api/tips`); the public report online. */
type IntakeChannel = 'phone' | 'window';

interface ReportValues {
  channel?: IntakeChannel;
  category: TipCategory;
  city: string;
  district?: string;
  subject: { name: string; creditCode?: string; certificateNumber?: string; address?: string };
  facts: string;
  occurredAt?: { toDate(): Date } | null;
  anonymous: boolean;
  confidential: boolean;
  complainant?: { name: string; phone: string; residentId?: string; address?: string };
}

/** The fields of the form a server's issue path may name (`subject.name` → `['subject', 'name']`). */
const FIELDS = ['channel', 'category', 'facts', 'occurredAt', 'anonymous', 'confidential', 'subject.name', 'subject.creditCode', 'subject.certificateNumber', 'subject.address',
  'complainant.name', 'complainant.phone', 'complainant.residentId', 'complainant.address'];

/**
 * `/public/tips/new`: anyone reports a tip, anonymously or named (then confidential by default), without an account;
 * the tracking code and the secret are shown once afterwards.
 */
export function TipReportPage() {
  return <TipReportForm intake={false} />;
}

/**
 * `/desk/tips/new` (登记举报): an intake officer registers a tip received by phone or at the window, with the same
 * fields as the public's report; the tracking code and secret are shown once, to be passed on to the complainant.
 */
export function TipIntakePage() {
  return <TipReportForm intake />;
}

/** The report of a tip: by the public (`intake` false), or registered by an intake officer for a complainant. */
function TipReportForm({ intake }: { intake: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { regions } = useRegions();
  const [form] = Form.useForm<ReportValues>();
  const anonymous = Form.useWatch('anonymous', form) ?? true;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<TipCreated | null>(null);

  if (created) return <TipCreatedView created={created} intake={intake} onAnother={() => { setCreated(null); form.resetFields(); }} />;

  const submit = async (values: ReportValues) => {
    setBusy(true);
    setError(null);
    try {
      const answer = intake ? await post<TipCreated>('/api/tips', { ...bodyOf(values), channel: values.channel }) : await reportTip(bodyOf(values));
      // the complaints about an earlier attempt no longer apply
      message.destroy();
      window.scrollTo(0, 0);
      setCreated(answer);
    } catch (e) {
      const issues = fieldIssues(e);
      const unplaced: string[] = [];
      const placed: Array<{ name: Array<string | number>; errors: string[] }> = [];
      for (const issue of issues) {
        const field = issue.path === 'regionCode' ? (values.district?.trim() ? 'district' : 'city') : FIELDS.includes(issue.path) ? issue.path : null;
        if (field) placed.push({ name: field.split('.'), errors: [issue.message] });
        else unplaced.push(`${issue.path}: ${issue.message}`);
      }
      form.setFields(placed as Parameters<typeof form.setFields>[0]);
      if (placed.length > 0) void message.error(t('tips.fixForm'));
      if (unplaced.length > 0 || issues.length === 0) {
        setError(unplaced.length > 0 ? unplaced.join('；') : e instanceof ApiError && e.status === 0 ? t('error.network') : problemText(e, t));
      }
    } finally {
      setBusy(false);
    }
  };

  const optional = (max: number) => [{ max, message: t('formJs.maxLength', { value: max }) }];

  return (
    <Card className={intake ? 'tip-report tip-intake' : 'public-card tip-report'} title={t(intake ? 'tips.intakeTitle' : 'tips.reportTitle')}>
      <Typography.Paragraph type="secondary">{t(intake ? 'tips.intakeIntro' : 'tips.reportIntro')}</Typography.Paragraph>
      <Form<ReportValues> form={form} layout="vertical" requiredMark={false} disabled={busy} scrollToFirstError
        initialValues={{ anonymous: !intake, confidential: true, channel: 'phone' }} onFinish={(v) => void submit(v)} onFinishFailed={() => void message.error(t('tips.fixForm'))}>
        {intake && (
          <Form.Item name="channel" label={t('tips.channel')}>
            <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: 'phone', label: t('tips.channelPhone') }, { value: 'window', label: t('tips.channelWindow') }]} />
          </Form.Item>
        )}
        <Form.Item name="category" label={t('tips.category')} rules={[{ required: true, message: t('tips.categoryRequired') }]}>
          <Select options={TIP_CATEGORIES.map((c) => ({ value: c, label: t(`tipCategory.${c}`) }))} />
        </Form.Item>
        <Form.Item name="city" label={t('tips.city')} rules={[{ required: true, message: t('tips.cityRequired') }]}>
          <Select showSearch optionFilterProp="label" loading={!regions} options={(regions?.cities ?? []).map((c) => ({ value: c.code, label: c.name }))} />
        </Form.Item>
        <Form.Item name="district" label={t('tips.district')} extra={t('tips.districtHint')} dependencies={['city']}
          rules={[({ getFieldValue }) => ({
            validator: (_, value: string | undefined) => {
              const code = value?.trim() ?? '';
              const city = String(getFieldValue('city') ?? '');
              return !code || (/^\d{6}$/.test(code) && (!city || code.slice(0, 4) === city.slice(0, 4))) ? Promise.resolve() : Promise.reject(new Error(t('tips.districtInvalid')));
            },
          })]}>
          <Input inputMode="numeric" maxLength={6} />
        </Form.Item>
        <Typography.Title level={5}>{t('tips.subject')}</Typography.Title>
        <Form.Item name={['subject', 'name']} label={t('tips.subjectName')} rules={[{ required: true, whitespace: true, message: t('tips.subjectNameRequired') }, ...optional(200)]}>
          <Input />
        </Form.Item>
        <Form.Item name={['subject', 'creditCode']} label={t('tips.creditCode')} rules={optional(18)}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name={['subject', 'certificateNumber']} label={t('tips.certificateNumber')} rules={optional(64)}>
          <Input />
        </Form.Item>
        <Form.Item name={['subject', 'address']} label={t('tips.subjectAddress')} rules={optional(300)}>
          <Input />
        </Form.Item>
        <Form.Item name="facts" label={t('tips.facts')}
          rules={[{ required: true, whitespace: true, message: t('tips.factsTooShort') }, { min: 10, message: t('tips.factsTooShort') }, ...optional(5000)]}>
          <Input.TextArea rows={5} showCount maxLength={5000} placeholder={t('tips.factsPlaceholder')} />
        </Form.Item>
        <Form.Item name="occurredAt" label={t('tips.occurredAt')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
        <Form.Item name="anonymous" label={t('tips.identity')}>
          <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: true, label: t('tips.anonymous') }, { value: false, label: t('tips.named') }]} />
        </Form.Item>
        {anonymous ? (
          <Alert type="info" showIcon message={t('tips.anonymousHint')} className="login-alert" />
        ) : (
          <>
            <Form.Item name={['complainant', 'name']} label={t('tips.name')} rules={[{ required: true, whitespace: true, message: t('tips.nameRequired') }, ...optional(64)]}>
              <Input autoComplete="name" />
            </Form.Item>
            <Form.Item name={['complainant', 'phone']} label={t('tips.phone')}
              rules={[{ required: true, whitespace: true, message: t('tips.phoneRequired') }, { pattern: /^\s*[0-9+()\- ]{7,20}\s*$/, message: t('tips.phoneInvalid') }]}>
              <Input type="tel" autoComplete="tel" inputMode="tel" />
            </Form.Item>
            <Form.Item name={['complainant', 'residentId']} label={t('tips.residentId')}>
              <Input maxLength={18} />
            </Form.Item>
            <Form.Item name={['complainant', 'address']} label={t('tips.address')} rules={optional(300)}>
              <Input autoComplete="street-address" />
            </Form.Item>
            <Form.Item name="confidential" valuePropName="checked" extra={t('tips.confidentialHint')}>
              <Checkbox>{t('tips.confidential')}</Checkbox>
            </Form.Item>
          </>
        )}
        {error && <Alert type="error" showIcon message={t('tips.failed')} description={error} className="login-alert" role="alert" />}
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>
          {t('tips.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** The tracking code and secret of a tip just reported, with the warning that the secret is shown only now. */
function TipCreatedView({ created, intake, onAnother }: { created: TipCreated; intake: boolean; onAnother: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(t('tips.copyText', { code: created.trackingCode, secret: created.secret }));
      void message.success(t('tips.copied'));
    } catch {
      void message.error(t('tips.copyFailed'));
    }
  };
  return (
    <>
    <Card className={intake ? 'tip-created' : 'public-card tip-created'}>
      <Result status="success" title={t(intake ? 'tips.registeredTitle' : 'tips.createdTitle')} subTitle={t(intake ? 'tips.registeredIntro' : 'tips.createdIntro')} style={{ padding: '16px 0' }} />
      <Alert type="warning" showIcon message={t(intake ? 'tips.secretOnceIntake' : 'tips.secretOnce')} className="login-alert" role="alert" />
      <div className="tip-credential">
        <Typography.Text type="secondary">{t('tips.trackingCode')}</Typography.Text>
        <span className="tip-credential-value" data-testid="tracking-code">{created.trackingCode}</span>
      </div>
      <div className="tip-credential">
        <Typography.Text type="secondary">{t('tips.secret')}</Typography.Text>
        <span className="tip-credential-value" data-testid="tracking-secret">{created.secret}</span>
      </div>
      <div className="tip-actions">
        <Button icon={<CopyOutlined />} block size="large" onClick={() => void copy()}>{t('tips.copy')}</Button>
        {intake ? (
          <Link to="/desk/tips">
            <Button type="primary" block size="large">{t('tips.backToList')}</Button>
          </Link>
        ) : (
          <Link to={`/public/tips/track?code=${encodeURIComponent(created.trackingCode)}`}>
            <Button type="primary" block size="large">{t('tips.follow')}</Button>
          </Link>
        )}
        <Button type="link" block onClick={onAnother}>{t(intake ? 'tips.anotherIntake' : 'tips.another')}</Button>
      </div>
    </Card>
    {!intake && <TipAttachments code={created.trackingCode} secret={created.secret} open />}
    </>
  );
}

/** The body of `POST /api/public/tips`: only the schema's fields, blanks left out, the complainant only when named. */
function bodyOf(values: ReportValues): TipReportBody {
  const text = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  const subject = { name: values.subject.name.trim(), creditCode: text(values.subject.creditCode), certificateNumber: text(values.subject.certificateNumber), address: text(values.subject.address) };
  const body: TipReportBody = {
    anonymous: values.anonymous,
    category: values.category,
    subject: withoutUndefined(subject),
    regionCode: text(values.district) ?? values.city,
    facts: values.facts.trim(),
  };
  if (values.occurredAt) body.occurredAt = values.occurredAt.toDate().toISOString();
  if (!values.anonymous && values.complainant) {
    const c = values.complainant;
    body.complainant = withoutUndefined({ name: c.name.trim(), phone: text(c.phone), residentId: text(c.residentId), address: text(c.address) });
    body.confidential = values.confidential;
  }
  return body;
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
