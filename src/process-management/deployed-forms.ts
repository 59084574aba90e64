/**
 * The forms as deployed in the engine: the latest version of each form id, read from the deployments' resources
 * through the engine REST API, over the forms of `forms/` read at start. Start forms are validated against it, so a
 * form a manager deploys takes effect without a restart.
 */

import type { EngineClient } from '../engine-client/engine-client.js';
import { parseFormDefinition, type FormDefinition } from '../forms/index.js';
import type { DeploymentDto, DeploymentResourceDto } from './engine-dto.js';

/** Where forms are looked up by id. */
export interface FormSource {
  /** The current definition of form `id`, or undefined when there is none. */
  get(id: string): FormDefinition | undefined;
}

/**
 * The latest deployed version of every form, by form id. {@link DeployedForms.refresh} reads the deployments the
 * engine has that it has not read yet (all of them again when one was deleted); until it first runs, and for forms
 * never deployed, the forms it was built with answer.
 */
export class DeployedForms implements FormSource {
  private readonly deployed = new Map<string, FormDefinition>();
  /** The deployed JSON of each form of {@link deployed}, as the editor opens it. */
  private readonly documents = new Map<string, unknown>();
  private readonly read = new Set<string>();
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: EngineClient,
    private readonly initial: ReadonlyMap<string, FormDefinition> = new Map(),
  ) {}

  /** The latest deployed version of form `id`, else the one it was built with. */
  get(id: string): FormDefinition | undefined {
    return this.deployed.get(id) ?? this.initial.get(id);
  }

  /** The form-js JSON of the latest deployed version of form `id`, as deployed, or undefined when none is deployed. */
  document(id: string): unknown {
    return this.documents.get(id);
  }

  /** Ids of the forms the engine has, as of the last refresh. */
  deployedIds(): ReadonlySet<string> {
    return new Set(this.deployed.keys());
  }

  /**
   * Reads the forms of deployments not read yet, oldest first, so that the latest version of each form id wins. A
   * deployed form this server cannot check submissions against (invalid) is passed over; the version before it stays.
   * Calls made while one runs wait for it and then run once more.
   */
  refresh(): Promise<void> {
    const next = this.refreshing.catch(() => undefined).then(() => this.readNewDeployments());
    this.refreshing = next;
    return next;
  }

  private async readNewDeployments(): Promise<void> {
    const deployments = await this.engine.request<DeploymentDto[]>('GET', '/deployment?sortBy=deploymentTime&sortOrder=asc');
    const existing = new Set(deployments.map((d) => d.id));
    if ([...this.read].some((id) => !existing.has(id))) {
      this.read.clear();
      this.deployed.clear();
      this.documents.clear();
    }
    for (const deployment of deployments) {
      if (this.read.has(deployment.id)) continue;
      const id = encodeURIComponent(deployment.id);
      const resources = await this.engine.request<DeploymentResourceDto[]>('GET', `/deployment/${id}/resources`);
      for (const resource of resources.filter((r) => r.name.toLowerCase().endsWith('.form'))) {
        const json = await this.engine.request<unknown>('GET', `/deployment/${id}/resources/${encodeURIComponent(resource.id)}/data`);
        const form = parsed(json);
        if (form) {
          this.deployed.set(form.id, form);
          this.documents.set(form.id, json);
        }
      }
      this.read.add(deployment.id);
    }
  }
}

// helpers ////

function parsed(json: unknown): FormDefinition | null {
  try {
    return parseFormDefinition(json);
  } catch {
    return null;
  }
}
