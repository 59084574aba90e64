import { CloseOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Input, Select, Space } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post, problemText, type Phrase } from './api';

/**
 * The approval comment (审批意见) of a task operation: a text box, a dropdown of the caller's common phrases that
 * fills it in, and buttons to save the text as a phrase or remove a phrase.
 */
export function ApprovalComment({ value, onChange, error }: { value: string; onChange: (text: string) => void; error?: string | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [phrases, setPhrases] = useState<Phrase[]>([]);

  const load = useCallback(() => {
    get<Phrase[]>('/api/workbench/phrases').then(setPhrases, () => setPhrases([]));
  }, []);
  useEffect(load, [load]);

  const save = async () => {
    const text = value.trim();
    if (!text) return;
    try {
      await post<Phrase>('/api/workbench/phrases', { text });
      void message.success(t('phrase.saved'));
      load();
    } catch (e) {
      void message.error(problemText(e, t));
    }
  };
  const remove = async (id: string) => {
    try {
      await del(`/api/workbench/phrases/${encodeURIComponent(id)}`);
      load();
    } catch (e) {
      void message.error(problemText(e, t));
    }
  };

  return (
    <div className="approval-comment">
      <Space.Compact block className="phrase-row">
        <Select<string>
          className="phrase-select"
          placeholder={t('phrase.choose')}
          aria-label={t('phrase.choose')}
          value={null}
          options={phrases.map((p) => ({ value: p.id, label: p.text }))}
          notFoundContent={t('phrase.none')}
          onSelect={(id: string) => {
            const phrase = phrases.find((p) => p.id === id);
            if (phrase) onChange(value.trim() ? `${value.trim()}${phrase.text}` : phrase.text);
          }}
          optionRender={(option) => (
            <div className="phrase-option">
              <span className="phrase-text">{option.label}</span>
              <Button size="small" type="text" icon={<CloseOutlined />} aria-label={t('phrase.remove')}
                onClick={(e) => {
                  e.stopPropagation();
                  void remove(String(option.value));
                }} />
            </div>
          )}
        />
        <Button icon={<SaveOutlined />} disabled={!value.trim()} onClick={() => void save()}>
          {t('phrase.save')}
        </Button>
      </Space.Compact>
      <Input.TextArea
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={t('task.commentPlaceholder')}
        aria-label={t('task.comment')}
        autoSize={{ minRows: 2, maxRows: 6 }}
        maxLength={2000}
        status={error ? 'error' : undefined}
      />
      {error && <div className="field-error" role="alert">{error}</div>}
    </div>
  );
}
