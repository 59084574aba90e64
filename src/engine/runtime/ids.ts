import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;
const pool = { bytes: randomBytes(4096), offset: 4096 };

/**
 * A new unique id in the UUID version 7 layout: 48 bits of Unix milliseconds, then a 12-bit counter that
 * keeps ids of the same millisecond in creation order, then random bits. Ids that grow over time keep
 * index inserts on the last B-tree pages instead of scattering them, as Camunda's sequential ids do.
 */
export function newId(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    lastMs += 1;
    counter = 0;
  }
  if (pool.offset + 8 > pool.bytes.length) {
    pool.bytes = randomBytes(4096);
    pool.offset = 0;
  }
  const r = pool.bytes.subarray(pool.offset, (pool.offset += 8));
  const hex = lastMs.toString(16).padStart(12, '0');
  const rand = r.toString('hex');
  const variant = ((r[0] as number) & 0x3f) | 0x80;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${counter.toString(16).padStart(3, '0')}-${variant.toString(16)}${rand.slice(2, 4)}-${rand.slice(4, 16)}`;
}
