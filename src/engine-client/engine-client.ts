import { OperationalError } from '../errors.js';

/** An error answer of the engine REST API (`{type, message, code}`). */
export class EngineRequestError extends OperationalError {
  constructor(
    readonly status: number,
    readonly engineType: string | null,
    message: string,
    readonly body: unknown,
  ) {
    super('SERVICE_UNAVAILABLE', `Engine answered ${status}${engineType ? ` ${engineType}` : ''}: ${message}`);
  }
}

/** How often a request refused for a concurrent change (`OptimisticLockingException`) is sent in all. */
export const CONFLICT_ATTEMPTS = 3;
/** The shortest pause before such a request is sent again; each pause is between one and two times this. */
const CONFLICT_PAUSE_MS = 50;

/** Options of {@link EngineClient}. */
export interface EngineClientOptions {
  /** REST root, e.g. `http://127.0.0.1:8080/engine-rest`. */
  baseUrl: string;
  /** Returns the Authorization header value for each request. */
  authorization: () => string;
}

/** A resource to deploy. */
export interface DeploymentResource {
  name: string;
  bytes: Buffer;
}

/**
 * The application's only way to the engine: a small client of the Camunda 7 REST API. It works the same
 * against the embedded engine and a remote Operaton / Camunda 7 engine.
 */
export class EngineClient {
  constructor(private readonly options: EngineClientOptions) {}

  /** The same client acting as another caller, e.g. with an officer's own bearer token so the engine's history names them. */
  as(authorization: string): EngineClient {
    return new EngineClient({ baseUrl: this.options.baseUrl, authorization: () => authorization });
  }

  /**
   * Sends a JSON request and returns the parsed JSON answer (or null for 204). A command the engine refused because
   * another command changed the same rows first (`OptimisticLockingException`, after which the engine has written
   * nothing) is sent again, up to {@link CONFLICT_ATTEMPTS} times in all, after a short random pause.
   */
  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${this.options.baseUrl}${path}`, {
        method,
        headers: { Authorization: this.options.authorization(), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      try {
        return await this.answer<T>(res);
      } catch (error) {
        if (!(error instanceof EngineRequestError) || error.engineType !== 'OptimisticLockingException' || attempt >= CONFLICT_ATTEMPTS) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, CONFLICT_PAUSE_MS * (1 + Math.random())));
    }
  }

  /**
   * Deploys resources with `deploy-changed-only`, so unchanged models keep their version. With `changedOnly: false`
   * it uses `enable-duplicate-filtering` instead: every resource is deployed together when any of them changed since
   * the last deployment of that name, and nothing new when none did.
   */
  async deploy(name: string, resources: DeploymentResource[], source = 'security-supervision', options: { changedOnly?: boolean } = {}): Promise<{ id: string; deployedProcessDefinitions: Record<string, { key: string; version: number }> | null }> {
    const form = new FormData();
    form.set('deployment-name', name);
    form.set('deployment-source', source);
    form.set(options.changedOnly === false ? 'enable-duplicate-filtering' : 'deploy-changed-only', 'true');
    for (const r of resources) form.append(r.name, new Blob([r.bytes]), r.name);
    const res = await fetch(`${this.options.baseUrl}/deployment/create`, { method: 'POST', headers: { Authorization: this.options.authorization() }, body: form });
    return this.answer(res);
  }

  // helpers ////

  private async answer<T>(res: Response): Promise<T> {
    if (res.status === 204) return null as T;
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    if (!res.ok) {
      const err = (json ?? {}) as { type?: string; message?: string };
      throw new EngineRequestError(res.status, err.type ?? null, err.message ?? (text || res.statusText), json);
    }
    return json as T;
  }
}
