import { parseBpmn, type ProcessModel } from '../model/index.js';
import { ProcessEngineException } from '../errors.js';
import type { UnitOfWork } from '../persistence/unit-of-work.js';
import { T, type ProcessDefinitionRow } from '../persistence/tables.js';

/** A deployed process definition with its executable model. */
export interface DeployedProcess {
  row: ProcessDefinitionRow;
  model: ProcessModel;
}

/**
 * Parsed models by process definition id. Definitions never change once deployed, so every node can cache
 * them for its lifetime; a miss reloads the BPMN resource from the database and parses it again.
 */
export class DefinitionCache {
  private readonly models = new Map<string, ProcessModel>();

  /** Remembers a model parsed at deployment time. */
  put(definitionId: string, model: ProcessModel): void {
    this.models.set(definitionId, model);
  }

  /** Forgets a definition (its deployment was deleted). */
  evict(definitionId: string): void {
    this.models.delete(definitionId);
  }

  /** The definition row (current suspension state) and its model. */
  async get(uow: UnitOfWork, definitionId: string): Promise<DeployedProcess | null> {
    const row = await uow.byId(T.processDefinition, definitionId);
    if (!row) return null;
    let model = this.models.get(definitionId);
    if (!model) {
      const resources = await uow.select(T.resource, 'deployment_id = ? AND name = ?', [row.deploymentId, row.resourceName]);
      const resource = resources[0];
      if (!resource) throw new ProcessEngineException(`Resource '${row.resourceName}' of process definition '${definitionId}' is missing`);
      const parsed = await parseBpmn(resource.bytes.toString('utf8'));
      model = parsed.processes.find((p) => p.id === row.key);
      if (!model) throw new ProcessEngineException(`Process '${row.key}' not found in resource '${row.resourceName}'`);
      this.models.set(definitionId, model);
    }
    return { row, model };
  }
}
