import { Alert, Space, Spin, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, problemText, type PathActivity, type TaskDiagram } from './api';
import { formatDateTime } from './format';
import { usePeopleNames } from './use-people-names';

/**
 * The flow chart of a task's process version (bpmn-js, loaded only when shown) with the steps the case has passed
 * marked and the current step(s) highlighted; hovering a step shows who handled it and when. Drawn from `diagram`
 * when the page already holds it (the case file), otherwise read for the task `taskId`.
 */
export function ProcessDiagram({ taskId, diagram: given }: { taskId?: string; diagram?: { xml: string; path: PathActivity[] } }) {
  const { t, i18n } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const language = i18n.language;
  // who handled each step, named once the diagram is drawn (the note on hover reads the names of the moment)
  const [handlers, setHandlers] = useState<Array<string | null>>([]);
  const nameOf = usePeopleNames(handlers);
  const names = useRef(nameOf);
  names.current = nameOf;

  useEffect(() => {
    let current = true;
    let remove: (() => void) | null = null;
    setLoading(true);
    setError(null);
    const draw = async () => {
      const [diagram, viewer] = await Promise.all([given ?? get<TaskDiagram>(`/api/workbench/tasks/${encodeURIComponent(taskId ?? '')}/diagram`), import('./diagram-viewer')]);
      if (!current || !container.current) return;
      container.current.replaceChildren();
      const undo = await viewer.drawDiagram(container.current, diagram.xml, diagram.path, {
        handler: (assignee) => t('diagram.handler', { assignee: names.current(assignee) }),
        time: (start, end) => (end ? t('diagram.period', { start: formatDateTime(start, language), end: formatDateTime(end, language) }) : t('diagram.since', { start: formatDateTime(start, language) })),
      });
      if (current) {
        remove = undo;
        setHandlers(diagram.path.map((a) => a.assignee ?? null));
      } else undo();
    };
    draw().then(
      () => current && setLoading(false),
      (e: unknown) => {
        if (!current) return;
        setError(problemText(e, t));
        setLoading(false);
      },
    );
    return () => {
      current = false;
      remove?.();
    };
  }, [taskId, given, t, language]);

  return (
    <div className="process-diagram">
      <Space size={4} wrap className="diagram-legend">
        <Tag className="legend-done">{t('diagram.done')}</Tag>
        <Tag className="legend-current">{t('diagram.current')}</Tag>
        <span className="diagram-hint">{t('diagram.hint')}</span>
      </Space>
      {error && <Alert type="error" showIcon message={t('diagram.failed')} description={error} />}
      <Spin spinning={loading}>
        <div ref={container} className="diagram-canvas" data-testid="diagram" />
      </Spin>
    </div>
  );
}
