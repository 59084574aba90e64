import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** Where end-to-end tests put the production build of the app. */
export const BUILD_DIR = '.test-build';

/** The app's production build running as an operating-system process. */
export interface AppProcess {
  child: ChildProcess;
  /** Everything it wrote to standard output and standard error so far. */
  output(): string;
  /** Resolves when the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Builds the app with the production settings into {@link BUILD_DIR}; throws with the compiler output on failure. */
export function buildApp(): void {
  const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', BUILD_DIR, '--tsBuildInfoFile', `${BUILD_DIR}/.tsbuildinfo`], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
}

/** A TCP port on the loopback interface that is free now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `src/main.js` of the build with `env` added to this process's environment, and resolves once it has
 * deployed its resources (and started its workers, when enabled); throws with its output when it exits or takes
 * longer than 30 s.
 */
export async function startApp(env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, [`${BUILD_DIR}/src/main.js`], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = env['WORKERS_ENABLED'] === 'false' ? /"msg":"(all resources unchanged|deployed changed resources)"/ : /"msg":"workers started"/;
  const deadline = Date.now() + 30_000;
  while (!ready.test(out)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the app exited while starting:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app did not start within 30 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, output: () => out, exited };
}

/** Sends `signal` (SIGTERM: a graceful stop) and waits up to 15 s for the exit; kills it hard after that. */
export async function stopApp(app: AppProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill(signal);
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000).unref());
  const ended = await Promise.race([app.exited, timeout]);
  if (ended) return ended;
  app.child.kill('SIGKILL');
  return app.exited;
}

/** The JSON log lines (pino) in an app's output; other lines are skipped. */
export function logLines(output: string): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a line cut off or not JSON
    }
  }
  return lines;
}
