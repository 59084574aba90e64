import type { DataSource, Repository } from 'typeorm';
import { SettingEntity } from './setting.entity.js';

/** Reads and writes named application settings in `app_setting`. */
export class SettingsRepository {
  private readonly repo: Repository<SettingEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(SettingEntity);
  }

  /** The value stored under `key`, or null when there is none. */
  async get(key: string): Promise<string | null> {
    const row = await this.repo.findOneBy({ key });
    return row?.value ?? null;
  }

  /** Stores `value` under `key`, replacing any previous value. */
  async set(key: string, value: string): Promise<void> {
    await this.repo.upsert({ key, value }, ['key']);
  }

  /**
   * The value stored under `key`; when there is none, stores `create()` and returns it. When several processes
   * race on first start, all of them end up with the value that was stored first.
   */
  async getOrCreate(key: string, create: () => string): Promise<string> {
    const existing = await this.get(key);
    if (existing !== null) return existing;
    try {
      await this.repo.insert({ key, value: create() });
    } catch (err) {
      // Another process inserted the key first; fall through and read its value.
      const winner = await this.get(key);
      if (winner === null) throw err;
      return winner;
    }
    const stored = await this.get(key);
    if (stored === null) throw new Error(`Setting '${key}' vanished right after it was stored`);
    return stored;
  }

  /** Removes the setting `key`; does nothing when it does not exist. */
  async delete(key: string): Promise<void> {
    await this.repo.delete({ key });
  }
}
