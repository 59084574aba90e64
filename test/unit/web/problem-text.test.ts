import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import { ApiError, problemText } from '../../../src/web/api-error.js';

/** The web's common catalogue of `language` (`src/web/i18n/<language>.json`), which holds `errorCode.*` and `error.*`. */
const catalogue = (language: string) => JSON.parse(readFileSync(new URL(`../../../src/web/i18n/${language}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  await i18next.init({
    resources: { 'zh-CN': { translation: catalogue('zh-CN') }, en: { translation: catalogue('en') } },
    lng: 'zh-CN',
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
});

const t = i18next.t.bind(i18next);
const inLanguage = async (language: string) => {
  await i18next.changeLanguage(language);
};

describe('problemText: what the web shows of a failed request', () => {
  describe('in a Chinese page', () => {
    beforeAll(() => inLanguage('zh-CN'));

    it("shows the server's Chinese detail alone, not the text of its code before it", () => {
      const error = new ApiError(403, 'FORBIDDEN', '无权查看该案件', undefined, 'zh-CN');
      expect(problemText(error, t)).toBe('无权查看该案件');
    });

    it('takes a detail without Content-Language to be in the language the web asked for', () => {
      expect(problemText(new ApiError(409, 'CONFLICT', '该任务已由他人办理'), t)).toBe('该任务已由他人办理');
    });

    it('puts the text of the code before a detail the server left in English', () => {
      const error = new ApiError(404, 'NOT_FOUND', 'Task 42 does not exist', undefined, 'zh-CN');
      expect(problemText(error, t)).toBe('所查找的内容不存在：Task 42 does not exist');
      expect(problemText(new ApiError(404, 'NOT_FOUND', '未找到', undefined, 'en'), t)).toBe('所查找的内容不存在：未找到');
    });

    it('shows the text of the code when there is no detail', () => {
      expect(problemText(new ApiError(409, 'TASK_ALREADY_CLAIMED', ''), t)).toBe('该任务已被他人签收');
    });

    it('shows the detail alone for a code the catalogue lacks, and the network text for a request that never arrived', () => {
      expect(problemText(new ApiError(502, 'HTTP_502', 'Bad Gateway', undefined, 'en'), t)).toBe('Bad Gateway');
      expect(problemText(new ApiError(0, 'NETWORK', 'Failed to fetch'), t)).toBe('无法连接服务器，请检查网络后重试');
    });

    it('shows what went wrong for other errors, and a general text for what is not an error', () => {
      expect(problemText(new Error('JSON.parse: unexpected character'), t)).toBe('JSON.parse: unexpected character');
      expect(problemText('boom', t)).toBe('发生错误');
    });
  });

  describe('in an English page', () => {
    beforeAll(() => inLanguage('en'));

    it("shows the server's English detail alone", () => {
      const error = new ApiError(422, 'WITHDRAW_NOT_ALLOWED', 'The next step has been handled already', undefined, 'en');
      expect(problemText(error, t)).toBe('The next step has been handled already');
    });

    it('puts the text of the code before a detail in another language', () => {
      const error = new ApiError(403, 'FORBIDDEN', '无权查看该案件', undefined, 'zh-CN');
      expect(problemText(error, t)).toBe('You may not do this: 无权查看该案件');
    });

    it('shows the text of the code when there is no detail', () => {
      expect(problemText(new ApiError(404, 'NOT_FOUND', '   '), t)).toBe('Not found');
    });
  });
});
