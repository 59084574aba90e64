import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** A file as stored: where it is and its SHA-256. */
export interface StoredFile {
  storageKey: string;
  sha256: string;
  size: number;
}

/** Keeps uploaded files on disk outside the database, under random keys. */
export class FileStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
    mkdirSync(this.root, { recursive: true });
  }

  /** Writes `bytes` (atomically: a temporary file renamed into place) and returns its key and digest. */
  async put(bytes: Buffer): Promise<StoredFile> {
    const storageKey = randomUUID();
    const tmp = join(this.root, `.${storageKey}.tmp`);
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, this.path(storageKey));
    return { storageKey, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
  }

  /** Reads a stored file. */
  get(storageKey: string): Promise<Buffer> {
    return readFile(this.path(storageKey));
  }

  /** Deletes a stored file; a missing file is not an error. */
  async remove(storageKey: string): Promise<void> {
    await unlink(this.path(storageKey)).catch(() => undefined);
  }

  // helpers ////

  private path(storageKey: string): string {
    if (!/^[0-9a-f-]{36}$/.test(storageKey)) throw new Error(`Invalid storage key ${storageKey}`);
    return join(this.root, storageKey);
  }
}
