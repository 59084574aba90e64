import { Alert, App, Button, Card, Col, Collapse, Row, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { createApplication, listProcedures, type Procedure } from './company-api';
import './company.css';
import { problemText } from '../api';

/** `/company/applications/new` (新建申请): the procedures a company can apply for, each with its documents; choosing one starts a draft. */
export function NewApplicationPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [procedures, setProcedures] = useState<Procedure[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState<string | null>(null);

  useEffect(() => {
    listProcedures().then(setProcedures, (e: unknown) => setError(problemText(e, t)));
  }, []);

  const start = async (procedure: Procedure) => {
    setStarting(procedure.key);
    try {
      const draft = await createApplication(procedure.key);
      void navigate(`/company/applications/${draft.id}`);
    } catch (e) {
      void message.error(problemText(e, t));
      setStarting(null);
    }
  };

  return (
    <div className="company-page">
      <Typography.Title level={4}>{t('company.newApplication')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('company.chooseProcedure')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} className="company-alert" />}
      {!procedures && !error && <Spin className="page-spin" />}
      <Row gutter={[16, 16]}>
        {procedures?.map((p) => (
          <Col key={p.key} xs={24} lg={12}>
            <Card className="company-procedure" data-procedure={p.key} title={p.name}
              actions={[
                <Button key="start" type="primary" loading={starting === p.key} disabled={starting !== null} onClick={() => void start(p)}>
                  {t('company.apply')}
                </Button>,
              ]}>
              <Collapse ghost size="small" items={[{
                key: 'checklist', label: t('company.checklistCount', { count: p.checklist.length }),
                children: (
                  <ol className="company-checklist-preview">
                    {p.checklist.map((item) => (
                      <li key={item.kind}>{item.label}{item.when && <Typography.Text type="secondary">{t('company.conditional')}</Typography.Text>}</li>
                    ))}
                  </ol>
                ),
              }]} />
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
