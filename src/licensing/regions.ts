import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { bilingual } from '../language.js';

/** A prefecture-level city of the province and the public security authority that acts for it. */
export interface City {
  /** 6-digit administrative division code ending in `00`, e.g. `440100`. */
  code: string;
  name: string;
  /** Name printed on documents, e.g. `广州市公安局`. */
  authority: string;
}

/** The province this installation serves, with its cities. */
export interface RegionTable {
  province: { code: string; name: string; authority: string };
  cities: City[];
}

/**
 * The built-in table: Guangdong province (GB/T 2260 codes). Another province supplies its own table through
 * `REGIONS_FILE`.
 */
export const GUANGDONG: RegionTable = {
  province: { code: '440000', name: '广东省', authority: '广东省公安厅' },
  cities: [
    ['440100', '广州市'], ['440200', '韶关市'], ['440300', '深圳市'], ['440400', '珠海市'], ['440500', '汕头市'],
    ['440600', '佛山市'], ['440700', '江门市'], ['440800', '湛江市'], ['440900', '茂名市'], ['441200', '肇庆市'],
    ['441300', '惠州市'], ['441400', '梅州市'], ['441500', '汕尾市'], ['441600', '河源市'], ['441700', '阳江市'],
    ['441800', '清远市'], ['441900', '东莞市'], ['442000', '中山市'], ['445100', '潮州市'], ['445200', '揭阳市'],
    ['445300', '云浮市'],
  ].map(([code, name]) => ({ code: code as string, name: name as string, authority: `${name as string}公安局` })),
};

/** Looks up cities by any administrative division code inside them. */
export class Regions {
  private readonly byCode: Map<string, City>;

  constructor(readonly table: RegionTable) {
    this.byCode = new Map(table.cities.map((c) => [c.code, c]));
  }

  /** The city a 6-digit division code (city, district or county) belongs to; null when it is outside the province. */
  cityOf(regionCode: string): City | null {
    if (!/^\d{6}$/.test(regionCode)) return null;
    return this.byCode.get(`${regionCode.slice(0, 4)}00`) ?? null;
  }
}

/** Reads a region table from a JSON file (`REGIONS_FILE`), or returns the built-in one when no file is named. */
export function loadRegions(path: string | undefined): Regions {
  if (!path) return new Regions(GUANGDONG);
  const parsed = RegionTableSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new ValidationError(`REGIONS_FILE ${path} is invalid`, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return new Regions(parsed.data);
}

// helpers ////

const code = z.string().regex(/^\d{6}$/, { error: bilingual('must be a 6-digit division code', '须为 6 位行政区划代码') });
const RegionTableSchema = z.object({
  province: z.object({ code, name: z.string().min(1), authority: z.string().min(1) }),
  cities: z.array(z.object({ code: code.refine((c) => c.endsWith('00'), { error: bilingual('a city code ends in 00', '地级市代码须以 00 结尾') }), name: z.string().min(1), authority: z.string().min(1) })).min(1),
});
