import { useEffect, useState } from 'react';
import { ApiError } from './api';

/** A city of the province, with the public security authority acting for it. */
export interface City {
  code: string;
  name: string;
  authority: string;
}

/** Answer of `GET /api/public/regions`: the province this installation serves and its cities. */
export interface RegionTable {
  province: City;
  cities: City[];
}

let pending: Promise<RegionTable> | null = null;

/** The province and its cities as the server is configured (`REGIONS_FILE` or the built-in table); read once per page load. */
export function useRegions(): { regions: RegionTable | null; error: boolean } {
  const [state, setState] = useState<{ regions: RegionTable | null; error: boolean }>({ regions: null, error: false });
  useEffect(() => {
    let current = true;
    pending ??= fetchRegions();
    pending.then(
      (regions) => current && setState({ regions, error: false }),
      () => {
        pending = null;
        if (current) setState({ regions: null, error: true });
      },
    );
    return () => {
      current = false;
    };
  }, []);
  return state;
}

/** The name of the city a 6-digit division code lies in, or the code itself when the table does not know it. */
export function placeName(regions: RegionTable | null, code: string): string {
  const city = regions?.cities.find((c) => c.code.slice(0, 4) === code.slice(0, 4));
  if (!city) return code;
  return code === city.code ? city.name : `${city.name}（${code}）`;
}

async function fetchRegions(): Promise<RegionTable> {
  const response = await fetch('/api/public/regions', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new ApiError(response.status, `HTTP_${response.status}`, response.statusText);
  return (await response.json()) as RegionTable;
}
