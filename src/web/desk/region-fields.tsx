import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRegions } from '../use-regions';

/** The form values of {@link RegionFields}. */
export interface RegionValues {
  city?: string;
  district?: string;
}

/**
 * Where a matter lies: the city (from the server's region table) and, optionally, the 6-digit code of a district or
 * county inside it. {@link regionCodeOf} gives the division code the server expects.
 */
export function RegionFields() {
  const { t } = useTranslation();
  const { regions } = useRegions();
  return (
    <>
      <Form.Item name="city" label={t('desk.region.city')} rules={[{ required: true, message: t('desk.region.cityRequired') }]}>
        <Select showSearch optionFilterProp="label" loading={!regions} options={regions?.cities.map((c) => ({ value: c.code, label: c.name })) ?? []} />
      </Form.Item>
      <Form.Item name="district" label={t('desk.region.district')} extra={t('desk.region.districtHint')} dependencies={['city']}
        rules={[({ getFieldValue }) => ({
          validator: (_, value: string | undefined) => {
            const code = value?.trim() ?? '';
            const city = String(getFieldValue('city') ?? '');
            return !code || (/^\d{6}$/.test(code) && (!city || code.slice(0, 4) === city.slice(0, 4))) ? Promise.resolve() : Promise.reject(new Error(t('desk.region.districtInvalid')));
          },
        })]}>
        <Input inputMode="numeric" maxLength={6} />
      </Form.Item>
    </>
  );
}

/** The division code of the values of {@link RegionFields}: the district when given, else the city. */
export function regionCodeOf(values: RegionValues): string {
  return values.district?.trim() || values.city || '';
}

/** Where the server's `regionCode` problems go: the district when one was typed, else the city. */
export function regionField(values: RegionValues): string {
  return values.district?.trim() ? 'district' : 'city';
}
