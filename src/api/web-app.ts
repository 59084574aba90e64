import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { send } from '@koa/send';
import type { Middleware } from 'koa';
import { isApiPath } from './middleware/authenticate.js';
import { isEngineRestPath } from './middleware/engine-auth.js';

/** Options of {@link webApp}. */
export interface WebAppOptions {
  /** The built web application (`dist/web`): `index.html` and its content-hashed files under `assets/`. */
  dir: string;
}

/** How long browsers keep the content-hashed files under `/assets/` (their names change with their content). */
const ASSET_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;

/** Paths that belong to the server, never to the web application. */
const SERVER_PATHS = ['/verify'];

/**
 * Serves the officers' web application built into `dir`: its files (the content-hashed `/assets/*` cached for a
 * year, everything else revalidated; brotli or gzip from the build's precompressed copies when the browser accepts it) and, for any other GET or HEAD outside `/api`, `/engine-rest` and the public
 * verification page, its `index.html`, so that the application's own routes (`/login`, `/todo`, …) load it.
 * Passes every request through while `dir` holds no `index.html` (the web application is not built).
 * Place it after the API, the engine API and the verification page.
 */
export function webApp(options: WebAppOptions): Middleware {
  const root = options.dir;
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !isWebPath(ctx.path) || !(await isFile(join(root, 'index.html')))) {
      await next();
      return;
    }

    const asset = ctx.path.startsWith('/assets/');
    if (ctx.path !== '/' && ctx.path !== '/index.html') {
      const served = await send(ctx, ctx.path, {
        root, index: false, hidden: false,
        ...(asset ? { maxage: ASSET_MAX_AGE_MS, immutable: true } : { setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }),
        // the build's `.br` and `.gz` forms of a file go to browsers that accept them (see src/web/precompress.ts)
        brotli: true, gzip: true,
      }).catch((error: unknown) => {
        if (isNotFound(error)) return undefined;
        throw error;
      });
      if (served) {
        ctx.vary('Accept-Encoding');
        return;
      }
      // a missing asset is an error of the page that asked for it, not a route of the application
      if (asset) {
        await next();
        return;
      }
    }
    // small, and read whole: a browser that leaves the page early does not abort a file stream
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-cache');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = await readFile(join(root, 'index.html'));
  };
}

// helpers ////

function isWebPath(path: string): boolean {
  return !isApiPath(path) && !isEngineRestPath(path) && !SERVER_PATHS.some((p) => path === p || path.startsWith(`${p}/`));
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

function isNotFound(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return status === 404 || status === 400;
}
