// A build step of the web application (used by vite.config.ts, never loaded by the browser).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Files worth compressing: text, and more than this many bytes. */
const COMPRESSIBLE = /\.(js|mjs|css|svg|json|txt|map)$/;
const MIN_BYTES = 1024;

/**
 * Vite plugin: next to every built text file of more than 1 kB, its brotli (`.br`) and gzip (`.gz`) forms, made once
 * at build time at the highest levels. The server sends one of them to a browser that accepts it (`@koa/send`), so the
 * pages load compressed without compressing on every request.
 */
export function precompress(): Plugin {
  return {
    name: 'precompress',
    apply: 'build',
    enforce: 'post',
    // after the files are written: in generateBundle, Vite has not yet replaced the `__VITE_PRELOAD__` markers of the
    // lazy imports, and the compressed copies would keep them (a blank page)
    writeBundle(options, bundle) {
      const dir = options.dir ?? '.';
      const files = Object.values(bundle).flatMap((file) => {
        if (!COMPRESSIBLE.test(file.fileName)) return [];
        const source = file.type === 'chunk' ? file.code : file.source;
        const bytes = typeof source === 'string' ? Buffer.from(source) : Buffer.from(source);
        return bytes.length > MIN_BYTES ? [{ fileName: file.fileName, bytes }] : [];
      });
      for (const { fileName, bytes } of files) {
        writeFileSync(join(dir, `${fileName}.br`), brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
        writeFileSync(join(dir, `${fileName}.gz`), gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }));
      }
    },
  };
}
