import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, List, Rate, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { addTipInformation, ApiError, fieldIssues, problemText, rateTip, trackTip, type TipStage, type TipTracking } from './api';
import { formatDateTime } from './format';
import { TipAttachments } from './officer/tip-attachments';

/** The catalogue key (`tipStage.*`) and tag colour of each stage the server reports. */
const STAGES: Record<TipStage, { key: string; colour: string }> = {
  已受理: { key: 'received', colour: 'blue' },
  核查中: { key: 'verifying', colour: 'orange' },
  已办结: { key: 'closed', colour: 'green' },
  已移送: { key: 'transferred', colour: 'purple' },
};

const TRACKING_CODE = /^JB[2-9A-HJKMNP-Z]{10}$/i;

interface Credentials {
  code: string;
  secret: string;
}

/**
 * `/public/tips/track`: the complainant follows a tip with its tracking code and secret — stage, dates, outcome,
 * feedback and additions — adds information while it is open and rates it once closed. The secret stays in this
 * page's memory only: never in the URL or the browser's storage.
 */
export function TipTrackPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Credentials>();
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  const [tip, setTip] = useState<TipTracking | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** Shows why a call with the code and secret failed: one neutral message for a wrong code or secret, the wait when locked. */
  const explain = useCallback((e: unknown): string => {
    if (e instanceof ApiError && e.status === 404) return t('tips.notFound');
    if (e instanceof ApiError && e.status === 429) {
      const until = (e.details as { retryAfter?: unknown } | undefined)?.retryAfter;
      const at = typeof until === 'string' ? new Date(until) : null;
      const minutes = at && !Number.isNaN(at.getTime()) ? Math.max(1, Math.ceil((at.getTime() - Date.now()) / 60_000)) : 15;
      return t('tips.locked', { time: formatDateTime(typeof until === 'string' ? until : null, i18n.language), minutes });
    }
    if (e instanceof ApiError && e.status === 0) return t('error.network');
    return problemText(e, t);
  }, [t, i18n.language]);

  const look = async (values: Credentials) => {
    const next = { code: values.code.trim().toUpperCase(), secret: values.secret.trim() };
    setBusy(true);
    setError(null);
    try {
      setTip(await trackTip(next.code, next.secret));
      setCredentials(next);
    } catch (e) {
      const issues = fieldIssues(e);
      if (issues.some((i) => i.path === 'code')) form.setFields([{ name: 'code', errors: [t('tips.codeInvalid')] }]);
      else setError(explain(e));
    } finally {
      setBusy(false);
    }
  };

  const reload = useCallback(async () => {
    if (!credentials) return;
    try {
      setTip(await trackTip(credentials.code, credentials.secret));
    } catch (e) {
      setError(explain(e));
    }
  }, [credentials, explain]);

  const leave = () => {
    setCredentials(null);
    setTip(null);
    setError(null);
    form.setFieldValue('secret', '');
  };

  if (credentials && tip) {
    const stage = STAGES[tip.stage];
    return (
      <div className="tip-track" data-stage={tip.stage}>
        <Card className="public-card" title={t('tips.trackTitle')} extra={<Button size="small" onClick={() => void reload()}>{t('tips.refresh')}</Button>}>
          {error && <Alert type="error" showIcon message={error} className="login-alert" role="alert" />}
          <Descriptions column={1} size="small" className="tip-progress">
            <Descriptions.Item label={t('tips.trackingCode')}><Typography.Text copyable>{tip.trackingCode}</Typography.Text></Descriptions.Item>
            <Descriptions.Item label={t('tips.stage')}><Tag color={stage.colour} className="tip-stage">{t(`tipStage.${stage.key}`)}</Tag></Descriptions.Item>
            <Descriptions.Item label={t('tips.receivedAt')}>{formatDateTime(tip.receivedAt, i18n.language)}</Descriptions.Item>
            {tip.closedAt && <Descriptions.Item label={t('tips.closedAt')}>{formatDateTime(tip.closedAt, i18n.language)}</Descriptions.Item>}
            {tip.outcome && <Descriptions.Item label={t('tips.outcome')}><span className="tip-outcome">{t(`tipOutcome.${tip.outcome}`)}</span></Descriptions.Item>}
            {tip.feedback && <Descriptions.Item label={t('tips.feedback')}><span className="tip-feedback">{tip.feedback}</span></Descriptions.Item>}
            {tip.rating !== null && <Descriptions.Item label={t('tips.yourRating')}><Rate disabled value={tip.rating} /></Descriptions.Item>}
          </Descriptions>
        </Card>
        <Card className="public-card" title={t('tips.additions')}>
          {tip.additions.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tips.noAdditions')} /> : (
            <List size="small" dataSource={tip.additions} className="tip-additions"
              renderItem={(a) => (
                <List.Item>
                  <div>
                    <div className="tip-addition">{a.body}</div>
                    <Typography.Text type="secondary" className="history-time">{formatDateTime(a.at, i18n.language)}</Typography.Text>
                  </div>
                </List.Item>
              )} />
          )}
        </Card>
        {tip.canAddInformation && <AddInformation credentials={credentials} onDone={reload} explain={explain} />}
        <TipAttachments key={`${tip.trackingCode}:${tip.canAddInformation ? 'open' : 'closed'}`} code={credentials.code} secret={credentials.secret} open={tip.canAddInformation} />
        {tip.canRate && <RateHandling credentials={credentials} onDone={reload} explain={explain} />}
        <Button block className="public-card" onClick={leave}>{t('tips.leave')}</Button>
      </div>
    );
  }

  return (
    <Card className="public-card" title={t('tips.trackTitle')}>
      <Typography.Paragraph type="secondary">{t('tips.trackIntro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} className="login-alert tip-track-error" role="alert" />}
      <Form<Credentials> form={form} layout="vertical" requiredMark={false} disabled={busy} initialValues={{ code: params.get('code') ?? '' }} onFinish={(v) => void look(v)}>
        <Form.Item name="code" label={t('tips.trackingCode')} normalize={(v: string) => v.toUpperCase()}
          rules={[{ required: true, whitespace: true, message: t('tips.codeRequired') }, { pattern: TRACKING_CODE, message: t('tips.codeInvalid') }]}>
          <Input autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={12} />
        </Form.Item>
        <Form.Item name="secret" label={t('tips.secret')} rules={[{ required: true, whitespace: true, message: t('tips.secretRequired') }]}>
          <Input.Password autoComplete="off" spellCheck={false} maxLength={64} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>{t('tips.query')}</Button>
      </Form>
    </Card>
  );
}

interface ActionProps {
  credentials: Credentials;
  onDone: () => Promise<void>;
  explain: (e: unknown) => string;
}

/** Adds information to an open tip (`POST …/information`). */
function AddInformation({ credentials, onDone, explain }: ActionProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ body: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async ({ body }: { body: string }) => {
    setBusy(true);
    setError(null);
    try {
      await addTipInformation(credentials.code, credentials.secret, body.trim());
      form.resetFields();
      void message.success(t('tips.added'));
      await onDone();
    } catch (e) {
      const issue = fieldIssues(e).find((i) => i.path === 'body');
      if (issue) form.setFields([{ name: 'body', errors: [issue.message] }]);
      else setError(explain(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className="public-card tip-add-information" title={t('tips.addInformation')}>
      {error && <Alert type="error" showIcon message={error} className="login-alert" role="alert" />}
      <Form form={form} layout="vertical" requiredMark={false} disabled={busy} onFinish={(v) => void send(v)}>
        <Form.Item name="body" label={t('tips.addInformation')}
          rules={[{ required: true, whitespace: true, message: t('tips.informationRequired') }, { min: 2, message: t('formJs.minLength', { value: 2 }) }]}>
          <Input.TextArea rows={3} showCount maxLength={4000} placeholder={t('tips.informationPlaceholder')} />
        </Form.Item>
        <Button htmlType="submit" block loading={busy}>{t('tips.sendInformation')}</Button>
      </Form>
    </Card>
  );
}

/** Rates the handling of a closed tip, once (`POST …/rating`). */
function RateHandling({ credentials, onDone, explain }: ActionProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ rating: number; comment?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async ({ rating, comment }: { rating: number; comment?: string }) => {
    setBusy(true);
    setError(null);
    try {
      await rateTip(credentials.code, credentials.secret, rating, comment?.trim() || undefined);
      void message.success(t('tips.rated'));
      await onDone();
    } catch (e) {
      const issues = fieldIssues(e).filter((i) => i.path === 'rating' || i.path === 'comment');
      if (issues.length > 0) form.setFields(issues.map((i) => ({ name: i.path as 'rating' | 'comment', errors: [i.message] })));
      else setError(explain(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className="public-card tip-rate" title={t('tips.rate')}>
      {error && <Alert type="error" showIcon message={error} className="login-alert" role="alert" />}
      <Form form={form} layout="vertical" requiredMark={false} disabled={busy} onFinish={(v) => void send(v)}>
        <Form.Item name="rating" rules={[{ required: true, message: t('tips.ratingRequired') }]}>
          <Rate />
        </Form.Item>
        <Form.Item name="comment" label={t('tips.ratingComment')}>
          <Input.TextArea rows={2} showCount maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>{t('tips.sendRating')}</Button>
      </Form>
    </Card>
  );
}
