/** Valid sample data for every document kind, and metadata to render them with. */
import type { DocumentInput, DocumentMeta, DocumentType } from '../../../src/documents/index.js';

export const META: DocumentMeta = {
  number: '粤公保许字〔2026〕12号',
  verificationCode: 'K7M2Q9XA',
  issuedAt: new Date('2026-11-22T10:00:00+08:00'),
  issuer: '广东省公安厅',
  verifyUrl: 'https://baoan.example.gov.cn/verify',
};

export const COMPANY = '广州市安达保安服务有限公司';
export const CREDIT_CODE = '91440101MA5CK2NX3B';
export const GUARD = '张伟';
export const GUARD_ID = '440106199001011234';

const RIGHTS = { reconsiderationAuthority: '广东省人民政府', court: '广州铁路运输中级法院' };

/** One valid data object per document kind. */
export const SAMPLES: { [T in DocumentType]: DocumentInput<T> } = {
  'acceptance-notice': {
    applicantName: COMPANY,
    applicationNumber: 'BA-2026-000123',
    matter: '保安服务公司设立许可',
    receivedDate: '2026-11-02',
    materials: ['保安服务公司设立申请表', '公司章程', '住所使用权证明'],
    decisionDueDate: '2026-12-15',
    contactPhone: '020-83118888',
  },
  'non-acceptance-notice': {
    applicantName: COMPANY,
    applicationNumber: 'BA-2026-000124',
    matter: '保安服务公司设立许可',
    receivedDate: '2026-11-02',
    reasons: ['申请事项依法不属于本机关职权范围'],
    legalBasis: '《中华人民共和国行政许可法》第三十二条第一款第（二）项',
    competentAuthority: '深圳市公安局',
    ...RIGHTS,
  },
  'correction-notice': {
    applicantName: COMPANY,
    applicationNumber: 'BA-2026-000125',
    matter: '保安服务公司设立许可',
    receivedDate: '2026-11-02',
    items: [
      { material: '拟任法定代表人无犯罪记录证明', problem: '缺少，请提交县级公安机关出具的证明' },
      { material: '住所租赁合同', problem: '已过期，请提交有效期内的合同' },
    ],
    correctionDueDate: '2026-11-30',
  },
  'permit-decision': {
    applicantName: COMPANY,
    applicationNumber: 'BA-2026-000126',
    matter: '保安服务公司设立许可',
    receivedDate: '2026-11-02',
    legalRepresentative: '李明',
    address: '广州市天河区体育西路1号',
    registeredCapitalYuan: 1_000_000,
    serviceScope: ['门卫', '巡逻', '守护', '随身护卫'],
    legalBasis: '《保安服务管理条例》第八条、第九条',
    permitNumber: '粤公保服2026001',
  },
  'security-service-permit': {
    permitNumber: '粤公保服2026001',
    companyName: COMPANY,
    creditCode: CREDIT_CODE,
    legalRepresentative: '李明',
    address: '广州市天河区体育西路1号',
    registeredCapitalYuan: 1_000_000,
    serviceScope: ['门卫', '巡逻', '守护'],
    decisionNumber: '粤公保许字〔2026〕11号',
  },
  'permit-refusal': {
    applicantName: COMPANY,
    applicationNumber: 'BA-2026-000127',
    matter: '保安服务公司设立许可',
    receivedDate: '2026-11-02',
    reasons: ['注册资本不足人民币100万元', '拟任总经理曾被刑事处罚'],
    legalBasis: '《保安服务管理条例》第八条、第九条',
    ...RIGHTS,
  },
  'filing-receipt': {
    filingKind: 'cross-region-service',
    filerName: COMPANY,
    creditCode: CREDIT_CODE,
    filingNumber: 'BA-FR-2026-0042',
    submittedDate: '2026-10-10',
    filedDate: '2026-10-12',
    permitNumber: '粤公保服2026001',
    clientName: '长沙市某某商业广场有限公司',
    serviceAddress: '长沙市芙蓉区五一大道100号',
    serviceItems: ['门卫', '巡逻'],
    serviceStartDate: '2026-11-01',
    serviceEndDate: '2027-10-31',
    projectManager: '王强',
    guardCount: 12,
  },
  'filing-refusal': {
    filingKind: 'in-house-employer',
    filerName: '广州市某某物业服务有限公司',
    creditCode: CREDIT_CODE,
    filingNumber: 'BA-FR-2026-0043',
    submittedDate: '2026-10-10',
    reasons: ['保安服务区域超出本单位物业管理区域'],
    legalBasis: '《保安服务管理条例》第十三条、第十五条',
    ...RIGHTS,
  },
  'guard-certificate': {
    certificateNumber: '440100202600001',
    holderName: GUARD,
    sex: '男',
    dateOfBirth: '1990-01-01',
    idNumber: GUARD_ID,
  },
  'certificate-refusal': {
    applicantName: GUARD,
    idNumber: GUARD_ID,
    applicationNumber: 'KS-2026-0099',
    receivedDate: '2026-09-01',
    reasons: ['曾因故意犯罪被刑事处罚'],
    legalBasis: '《保安服务管理条例》第十七条第（二）项',
    ...RIGHTS,
  },
  'certificate-revocation': {
    holderName: GUARD,
    idNumber: GUARD_ID,
    certificateNumber: '440100202600001',
    employerName: COMPANY,
    caseNumber: 'A4401002026000321',
    facts: ['2026年10月5日，你在执勤中殴打他人，致其轻微伤'],
    hearingStatement: '本机关已告知你有要求举行听证的权利，你在法定期限内未提出听证申请。',
    legalBasis: '《保安服务管理条例》第四十五条第一款第（一）项',
    surrenderDueDate: '2026-12-01',
    ...RIGHTS,
  },
  'rectification-order': {
    unitName: COMPANY,
    inspectionNumber: 'JC2026440100000007',
    inspectedDate: '2026-11-20',
    findings: ['未与客户单位签订保安服务合同即派驻保安员', '监控录像保存不足30日'],
    legalBasis: '《保安服务管理条例》第二十一条、第二十五条、第三十八条',
    rectificationDueDate: '2026-12-20',
  },
};

/** The person or unit each sample is about, as printed in the document. */
export const HOLDER: { [T in DocumentType]: string } = {
  'acceptance-notice': COMPANY,
  'non-acceptance-notice': COMPANY,
  'correction-notice': COMPANY,
  'permit-decision': COMPANY,
  'security-service-permit': COMPANY,
  'permit-refusal': COMPANY,
  'filing-receipt': COMPANY,
  'filing-refusal': '广州市某某物业服务有限公司',
  'guard-certificate': GUARD,
  'certificate-refusal': GUARD,
  'certificate-revocation': GUARD,
  'rectification-order': COMPANY,
};
