import {
  DOCUMENT_CATALOGUE,
  DOCUMENT_TYPES,
  documentTitle,
  guardCertificateSchema,
  isDocumentType,
  correctionNoticeSchema,
  permitRefusalSchema,
} from '../../../src/documents/index.js';
import { SAMPLES } from './sample-documents.js';

describe('the document catalogue', () => {
  it('has a title and a schema for every document type', () => {
    expect(Object.keys(DOCUMENT_CATALOGUE).sort()).toEqual([...DOCUMENT_TYPES].sort());
    expect(documentTitle('acceptance-notice')).toBe('受理通知书');
    expect(documentTitle('non-acceptance-notice')).toBe('不予受理通知书');
    expect(documentTitle('correction-notice')).toBe('补正告知书');
    expect(documentTitle('permit-decision')).toBe('准予行政许可决定书');
    expect(documentTitle('security-service-permit')).toBe('保安服务许可证');
    expect(documentTitle('permit-refusal')).toBe('不予行政许可决定书');
    expect(documentTitle('filing-receipt')).toBe('备案回执');
    expect(documentTitle('filing-refusal')).toBe('不予备案通知书');
    expect(documentTitle('guard-certificate')).toBe('保安员证');
    expect(documentTitle('certificate-refusal')).toBe('不予核发保安员证决定书');
    expect(documentTitle('certificate-revocation')).toBe('吊销保安员证决定书');
  });

  it.each(DOCUMENT_TYPES.map((type) => [type]))('accepts the sample data of a %s', (type) => {
    expect(DOCUMENT_CATALOGUE[type].schema.safeParse(SAMPLES[type]).success).toBe(true);
  });

  it('recognises document type ids', () => {
    expect(isDocumentType('permit-refusal')).toBe(true);
    expect(isDocumentType('permit')).toBe(false);
    expect(isDocumentType(42)).toBe(false);
  });
});

describe('document data schemas', () => {
  it('trims text and upper-cases codes', () => {
    const parsed = permitRefusalSchema.parse({
      ...SAMPLES['permit-refusal'],
      applicantName: '  某某公司 ',
      creditCode: '91440101ma5ck2nx3b',
    });

    expect(parsed.applicantName).toBe('某某公司');
    expect(parsed.creditCode).toBe('91440101MA5CK2NX3B');
  });

  it('rejects a credit code with letters the standard excludes', () => {
    const result = permitRefusalSchema.safeParse({ ...SAMPLES['permit-refusal'], creditCode: '91440101MA5CK2NX3O' });

    expect(result.success).toBe(false);
  });

  it('rejects a guard certificate whose date of birth disagrees with the ID number', () => {
    const result = guardCertificateSchema.safeParse({ ...SAMPLES['guard-certificate'], dateOfBirth: '1990-01-02' });

    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['dateOfBirth']);
  });

  it('defaults the legal basis of a correction notice to the Licensing Law', () => {
    const parsed = correctionNoticeSchema.parse(SAMPLES['correction-notice']);

    expect(parsed.legalBasis).toBe('《中华人民共和国行政许可法》第三十二条第一款第（四）项');
  });

  it('requires the reconsideration body on refusals', () => {
    const { reconsiderationAuthority: _omitted, ...data } = SAMPLES['permit-refusal'];

    expect(permitRefusalSchema.safeParse(data).error?.issues.map((i) => i.path.join('.'))).toEqual([
      'reconsiderationAuthority',
    ]);
  });
});
