/** The parts of the Camunda 7 REST API's answers that process management reads. */

/** `DeploymentDto`. */
export interface DeploymentDto {
  id: string;
  name: string | null;
  source: string | null;
  deploymentTime: string;
}

/** `DeploymentWithDefinitionsDto`: the answer to `POST /deployment/create`. */
export interface DeploymentWithDefinitionsDto extends DeploymentDto {
  deployedProcessDefinitions: Record<string, ProcessDefinitionDto> | null;
}

/** `DeploymentResourceDto`. */
export interface DeploymentResourceDto {
  id: string;
  name: string;
  deploymentId: string;
}

/** `ProcessDefinitionDto`. */
export interface ProcessDefinitionDto {
  id: string;
  key: string;
  name: string | null;
  version: number;
  versionTag: string | null;
  resource: string;
  deploymentId: string;
  suspended: boolean;
}

/** `ParseExceptionDto`: the engine refused a deployment; problems by resource name. */
export interface ParseExceptionDto {
  type: string;
  message: string;
  details?: Record<string, { errors?: ParseProblemDto[]; warnings?: ParseProblemDto[] }>;
}

/** `ProblemDto`. */
export interface ParseProblemDto {
  message: string;
  line?: number | null;
  column?: number | null;
  mainElementId?: string | null;
  mainBpmnElementId?: string | null;
  elementIds?: string[];
  bpmnElementIds?: string[];
}
