/** The kinds of disqualifying record, with the Chinese labels administrators use for them. */

/** Every record type, in the order forms list them. */
export const RECORD_TYPES = [
  'criminal-punishment-intentional',
  'criminal-punishment-negligent',
  'labour-reeducation',
  'custody-education',
  'custody-discipline',
  'compulsory-rehab',
  'administrative-detention',
  'public-office-dismissal',
  'army-expulsion',
  'certificate-revoked',
] as const;

/**
 * One kind of disqualifying record: criminal punishment for an intentional or a negligent crime (刑事处罚),
 * re-education through labour (劳动教养), custody-and-education (收容教育), custody-and-discipline (收容教养),
 * compulsory isolated drug rehabilitation (强制隔离戒毒), administrative detention (行政拘留), dismissal from public
 * office (开除公职), expulsion from the army (开除军籍), revocation of the guard certificate (吊销保安员证).
 */
export type RecordType = (typeof RECORD_TYPES)[number];

/** The Chinese label of each record type, as the CSV import accepts it and forms show it. */
export const RECORD_TYPE_LABELS: Readonly<Record<RecordType, string>> = {
  'criminal-punishment-intentional': '故意犯罪刑事处罚',
  'criminal-punishment-negligent': '过失犯罪刑事处罚',
  'labour-reeducation': '劳动教养',
  'custody-education': '收容教育',
  'custody-discipline': '收容教养',
  'compulsory-rehab': '强制隔离戒毒',
  'administrative-detention': '行政拘留',
  'public-office-dismissal': '开除公职',
  'army-expulsion': '开除军籍',
  'certificate-revoked': '吊销保安员证',
};

/**
 * Reads a record type given as its id (`custody-education`) or a Chinese label (`收容教育`, also a few common
 * variants such as `强制戒毒` or `保安员证被吊销`). Returns null when `text` names no known type; a bare `刑事处罚`
 * is not accepted because it does not say whether the crime was intentional.
 */
export function parseRecordType(text: string): RecordType | null {
  const key = text.trim().replace(/\s+/g, '').toLowerCase();
  return ALIASES.get(key) ?? null;
}

// helpers ////

const VARIANTS: ReadonlyArray<[string, RecordType]> = [
  ['故意犯罪', 'criminal-punishment-intentional'],
  ['故意犯罪被刑事处罚', 'criminal-punishment-intentional'],
  ['因故意犯罪被刑事处罚', 'criminal-punishment-intentional'],
  ['过失犯罪', 'criminal-punishment-negligent'],
  ['过失犯罪被刑事处罚', 'criminal-punishment-negligent'],
  ['因过失犯罪被刑事处罚', 'criminal-punishment-negligent'],
  ['强制戒毒', 'compulsory-rehab'],
  ['保安员证被吊销', 'certificate-revoked'],
  ['被吊销保安员证', 'certificate-revoked'],
];

const ALIASES: ReadonlyMap<string, RecordType> = new Map([
  ...RECORD_TYPES.map((type): [string, RecordType] => [type, type]),
  ...Object.entries(RECORD_TYPE_LABELS).map(([type, label]): [string, RecordType] => [label, type as RecordType]),
  ...VARIANTS,
]);
