import { ValidationError } from '../../../src/errors.js';
import {
  DOCUMENT_CATALOGUE,
  DOCUMENT_TYPES,
  renderDocument,
  type DocumentInput,
  type DocumentType,
} from '../../../src/documents/index.js';
import { COMPANY, CREDIT_CODE, HOLDER, META, SAMPLES } from './sample-documents.js';

const REFUSALS: DocumentType[] = [
  'non-acceptance-notice',
  'permit-refusal',
  'filing-refusal',
  'certificate-refusal',
  'certificate-revocation',
  'penalty-decision',
  'no-penalty-decision',
];

/** Renders, expecting a `ValidationError`, and returns it. */
function renderError(type: DocumentType, data: unknown, meta = META): ValidationError {
  try {
    renderDocument(type, data as DocumentInput<typeof type>, meta);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected renderDocument to throw');
}

describe('renderDocument', () => {
  describe.each(DOCUMENT_TYPES.map((type) => [type]))('a %s with valid data', (type) => {
    const page = renderDocument(type, SAMPLES[type], META);

    it('is a standalone HTML5 document in Chinese, UTF-8, styled for A4 print', () => {
      expect(page.startsWith('<!doctype html>')).toBe(true);
      expect(page).toContain('<html lang="zh-CN">');
      expect(page).toContain('<meta charset="utf-8">');
      expect(page).toMatch(/@page \{ size: A4; margin: [^}]+\}/);
      expect(page).toContain('serif;');
      expect(page.trimEnd().endsWith('</html>')).toBe(true);
    });

    it('contains its title, number, authority and the issue date in Chinese numerals', () => {
      expect(page).toContain(`<h1 class="document-title">${DOCUMENT_CATALOGUE[type].title}</h1>`);
      expect(page).toContain(`<p class="document-number">${META.number}</p>`);
      expect(page).toContain(`<p class="signature-authority">${META.issuer}</p>`);
      expect(page).toContain('二〇二六年十一月二十二日');
    });

    it('contains the verification footer with number, code and address', () => {
      const footer = /<footer class="document-footer">([\s\S]*?)<\/footer>/.exec(page)?.[1] ?? '';
      const text = footer.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
      expect(text).toBe(`文书编号 ${META.number} 校验码 ${META.verificationCode} 可在 ${META.verifyUrl} 核验`);
    });

    it("names the holder or applicant", () => {
      expect(page).toContain(HOLDER[type]);
    });

    const hasRights = REFUSALS.includes(type);
    it(hasRights ? 'carries the notice of rights to reconsideration and litigation' : 'has no notice of rights', () => {
      const notice = /六十日内向广东省人民政府申请行政复议[^<]*六个月内依法向广州铁路运输中级法院提起行政诉讼/;
      if (hasRights) expect(page).toMatch(notice);
      else expect(page).not.toContain('申请行政复议');
    });
  });

  it('lists every reason of a refusal', () => {
    const page = renderDocument('permit-refusal', SAMPLES['permit-refusal'], META);

    expect(page).toContain('<span class="item-number">1．</span>注册资本不足人民币100万元</li>');
    expect(page).toContain('<span class="item-number">2．</span>拟任总经理曾被刑事处罚</li>');
    expect(page).toContain('决定不予行政许可');
  });

  it.each([
    ['non-acceptance-notice', '申请事项依法不属于本机关职权范围'],
    ['filing-refusal', '保安服务区域超出本单位物业管理区域'],
    ['certificate-refusal', '曾因故意犯罪被刑事处罚'],
    ['certificate-revocation', '在执勤中殴打他人'],
  ] as const)('states the reasons or facts of a %s', (type, reason) => {
    expect(renderDocument(type, SAMPLES[type], META)).toContain(reason);
  });

  it('lists each item to supplement in a correction notice, told once', () => {
    const page = renderDocument('correction-notice', SAMPLES['correction-notice'], META);

    expect(page).toContain('一次性告知');
    expect(page).toContain('拟任法定代表人无犯罪记录证明：缺少，请提交县级公安机关出具的证明');
    expect(page).toContain('住所租赁合同：已过期，请提交有效期内的合同');
    expect(page).toContain('请于2026年11月30日前');
    expect(page).toContain('《中华人民共和国行政许可法》第三十二条第一款第（四）项');
  });

  it('prints the permit particulars and the 6-month registration rule on a permit decision', () => {
    const page = renderDocument('permit-decision', SAMPLES['permit-decision'], META);

    expect(page).toContain('<th scope="row">注册资本</th><td>人民币100万元</td>');
    expect(page).toContain('<td>门卫、巡逻、守护、随身护卫</td>');
    expect(page).toContain('粤公保服2026001');
    expect(page).toContain('超过6个月未办理登记');
  });

  it('prints the credit code of a company that has one', () => {
    expect(renderDocument('security-service-permit', SAMPLES['security-service-permit'], META)).toContain(CREDIT_CODE);
  });

  it('renders a filing receipt for an in-house guard employer', () => {
    const page = renderDocument(
      'filing-receipt',
      {
        filingKind: 'in-house-employer',
        filerName: '广州市某某物业服务有限公司',
        creditCode: CREDIT_CODE,
        filingNumber: 'BA-FR-2026-0050',
        submittedDate: '2026-10-10',
        filedDate: '2026-10-11',
        legalRepresentative: '陈红',
        responsibleManager: '刘洋',
        serviceArea: '天河区某某花园物业管理区域',
        serviceStartDate: '2026-10-01',
        guardCount: 8,
      },
      META,
    );

    expect(page).toContain('自行招用保安员单位备案');
    expect(page).toContain('天河区某某花园物业管理区域');
    expect(page).toContain('30日内到本机关撤销备案');
  });

  it('prints the service period and the supervision duty on a cross-region filing receipt', () => {
    const page = renderDocument('filing-receipt', SAMPLES['filing-receipt'], META);

    expect(page).toContain('跨区域提供保安服务备案');
    expect(page).toContain('2026年11月1日至2027年10月31日');
    expect(page).toContain('12人');
  });

  describe('escaping', () => {
    it('escapes a <script> in a name', () => {
      const page = renderDocument(
        'permit-refusal',
        { ...SAMPLES['permit-refusal'], applicantName: '<script>alert("x")</script>公司' },
        META,
      );

      expect(page).not.toContain('<script>');
      expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;公司');
    });

    it('escapes quotes and ampersands in metadata used in attributes', () => {
      const page = renderDocument('guard-certificate', SAMPLES['guard-certificate'], {
        ...META,
        number: '粤"><img src=x onerror=alert(1)>号',
        verifyUrl: 'https://verify.example.cn/check?a=1&b="2"',
      });

      expect(page).not.toMatch(/<img/);
      expect(page).toContain('content="粤&quot;&gt;&lt;img src=x onerror=alert(1)&gt;号"');
      expect(page).toContain('href="https://verify.example.cn/check?a=1&amp;b=&quot;2&quot;"');
    });
  });

  describe('validation', () => {
    it('rejects a missing field with DOCUMENT_DATA_INVALID naming it', () => {
      const { applicantName: _omitted, ...data } = SAMPLES['permit-refusal'];

      const error = renderError('permit-refusal', data);

      expect(error.code).toBe('DOCUMENT_DATA_INVALID');
      expect(error.issues.map((i) => i.path)).toEqual(['applicantName']);
      expect(error.message).toContain('applicantName');
    });

    it('rejects a refusal without reasons, naming the field', () => {
      const error = renderError('permit-refusal', { ...SAMPLES['permit-refusal'], reasons: [] });

      expect(error.code).toBe('DOCUMENT_DATA_INVALID');
      expect(error.issues.map((i) => i.path)).toEqual(['reasons']);
    });

    it('names each invalid field, including ones inside lists', () => {
      const error = renderError('correction-notice', {
        ...SAMPLES['correction-notice'],
        receivedDate: '2026-02-30',
        items: [{ material: '公司章程', problem: '   ' }],
      });

      expect(error.issues.map((i) => i.path).sort()).toEqual(['items.0.problem', 'receivedDate']);
    });

    it('rejects an unknown field under its own name', () => {
      const error = renderError('acceptance-notice', { ...SAMPLES['acceptance-notice'], applicantNmae: COMPANY });

      expect(error.issues).toEqual([{ path: 'applicantNmae', message: 'Unknown field' }]);
    });

    it('rejects a malformed credit code or ID number', () => {
      const error = renderError('certificate-refusal', { ...SAMPLES['certificate-refusal'], idNumber: '12345' });

      expect(error.issues.map((i) => i.path)).toEqual(['idNumber']);
    });

    it('rejects invalid metadata, naming the fields under meta', () => {
      const error = renderError('guard-certificate', SAMPLES['guard-certificate'], {
        ...META,
        verificationCode: 'O0I1L',
        issuedAt: new Date('not a date'),
        verifyUrl: 'javascript:alert(1)',
      });

      expect(error.code).toBe('DOCUMENT_DATA_INVALID');
      expect(error.issues.map((i) => i.path).sort()).toEqual([
        'meta.issuedAt',
        'meta.verificationCode',
        'meta.verifyUrl',
      ]);
    });

    it('rejects an unknown document type with DOCUMENT_TYPE_UNKNOWN', () => {
      const error = renderError('work-permit' as DocumentType, {});

      expect(error.code).toBe('DOCUMENT_TYPE_UNKNOWN');
    });
  });
});
