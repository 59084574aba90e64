/**
 * Linting an upload of BPMN models and form-js forms as a whole: bpmnlint with the project's configuration, the
 * project rules (workers, forms, errors) and the form definitions, with every finding naming its file and element.
 */

import type { ModdleElement } from 'bpmn-moddle';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { FormDefinitionError, parseFormDefinition } from '../forms/index.js';
import { isReadable, nameOf, readBpmn, semanticElements, shownElement, text, type ReadBpmn } from './bpmn-model.js';
import type { Bpmnlint } from './bpmnlint.js';
import { PROJECT_RULES, sortFindings, type LintFinding } from './findings.js';
import { checkProjectRules, isErrorReference } from './project-rules.js';

/** A file of an upload. */
export interface UploadedFile {
  name: string;
  bytes: Buffer;
}

/** A process of an uploaded model. */
export interface UploadedProcess {
  key: string;
  name: string | null;
}

/** What a lint found, and what the upload holds. */
export interface LintResult {
  /** Every finding, by file, errors first. */
  findings: LintFinding[];
  /** The BPMN files and the processes in each. */
  models: Array<{ resource: string; processes: UploadedProcess[] }>;
  /** The form files and the form id of each. */
  forms: Array<{ resource: string; formId: string }>;
}

/** What {@link ModelLinter} needs. */
export interface ModelLinterOptions {
  bpmnlint: Bpmnlint;
  /** The registered workers: the topic each serves and the BPMN error codes it may throw. */
  workers: Iterable<WorkerContract>;
}

/** What the linter needs to know of a worker: its topic and the BPMN error codes its handler may throw. */
export interface WorkerContract {
  topic: string;
  errors?: readonly string[];
}

/** Most files one upload may hold. */
export const MAX_UPLOAD_FILES = 50;

/** Largest file of an upload, in bytes (the project's largest model is under 100 KB). */
export const MAX_UPLOAD_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Lints uploads of `.bpmn` models and `.form` forms. Input that is not such an upload at all — no files, a file of
 * another kind, a name given twice, an empty file, text that is not XML or not BPMN, a form that is not a JSON object
 * with an id — is refused with a `ValidationError` (400) naming each file at fault; everything else is findings.
 */
export class ModelLinter {
  private readonly topics: ReadonlyMap<string, readonly string[]>;

  constructor(private readonly options: ModelLinterOptions) {
    this.topics = new Map([...options.workers].map((w) => [w.topic, w.errors ?? []]));
  }

  /** Lints `files` as one deployment, with `deployedForms` the ids of the forms already deployed. */
  async lint(files: readonly UploadedFile[], deployedForms: ReadonlySet<string>): Promise<LintResult> {
    const { models, forms } = await readUpload(files);
    const findings: LintFinding[] = [];
    const formIds = new Map<string, string>();
    for (const form of forms) {
      const other = formIds.get(form.id);
      if (other) findings.push({ resource: form.resource, elementId: form.id, rule: PROJECT_RULES.formDefinition, category: 'error', message: `Form id '${form.id}' is also the id of ${other}; one deployment holds each form once` });
      else formIds.set(form.id, form.resource);
      findings.push(...formFindings(form));
    }
    const context = { topics: this.topics, formsInUpload: new Set(formIds.keys()), resourcesInUpload: new Set(files.map((f) => f.name)), deployedForms };
    const processKeys = new Map<string, string>();
    for (const model of models) {
      const byId = elementsById(model.read.definitions);
      const at = (id: string | null) => {
        const element = id ? byId.get(id) : undefined;
        const name = nameOf(element);
        return { resource: model.resource, elementId: id ?? text(model.read.definitions.id) ?? model.resource, ...(name ? { elementName: name } : {}) };
      };
      for (const warning of model.read.warnings) {
        if (isErrorReference(warning)) continue;
        findings.push({ ...at(text(shownElement(warning.element)?.id)), rule: PROJECT_RULES.importWarning, category: 'error', message: warning.message.split('\n')[0] ?? warning.message });
      }
      for (const report of await this.options.bpmnlint.lint(model.read.definitions)) {
        findings.push({ ...at(report.elementId), rule: report.rule, category: report.category, message: report.message });
      }
      findings.push(...checkProjectRules(model.resource, model.read.definitions, model.read.warnings, context));
      for (const process of model.processes) {
        const other = processKeys.get(process.key);
        if (other) findings.push({ ...at(process.key), rule: PROJECT_RULES.executableProcess, category: 'error', message: `Process id '${process.key}' is also in ${other}; one deployment holds each process once` });
        else processKeys.set(process.key, model.resource);
      }
    }
    return {
      findings: sortFindings(findings),
      models: models.map((m) => ({ resource: m.resource, processes: m.processes })),
      forms: forms.map((f) => ({ resource: f.resource, formId: f.id })),
    };
  }
}

// helpers ////

interface ReadModel {
  resource: string;
  read: ReadBpmn;
  processes: UploadedProcess[];
}

interface ReadForm {
  resource: string;
  id: string;
  json: Record<string, unknown>;
}

const MAX_FILE_NAME = 200;

/** A plain file name: no folder separators, no control characters. */
function isPlainFileName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_FILE_NAME && !/[/\\]/.test(name) && ![...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

async function readUpload(files: readonly UploadedFile[]): Promise<{ models: ReadModel[]; forms: ReadForm[] }> {
  const issues: ValidationIssue[] = [];
  const problem = (file: string, message: string) => issues.push({ path: `files.${file}`, message });
  if (files.length === 0) issues.push({ path: 'files', message: 'upload at least one .bpmn model or .form form' });
  if (files.length > MAX_UPLOAD_FILES) issues.push({ path: 'files', message: `upload at most ${MAX_UPLOAD_FILES} files at once` });
  const models: ReadModel[] = [];
  const forms: ReadForm[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const lower = file.name.toLowerCase();
    if (!isPlainFileName(file.name)) {
      problem(file.name, `must be a plain file name (no folders or control characters, at most ${MAX_FILE_NAME} characters)`);
      continue;
    }
    if (seen.has(file.name)) {
      problem(file.name, 'is uploaded twice');
      continue;
    }
    seen.add(file.name);
    if (!lower.endsWith('.bpmn') && !lower.endsWith('.form')) {
      problem(file.name, 'must be a BPMN model (.bpmn) or a form-js form (.form)');
    } else if (file.bytes.length === 0) {
      problem(file.name, 'is empty');
    } else if (lower.endsWith('.bpmn')) {
      const read = await readBpmn(file.bytes.toString('utf8'));
      if (isReadable(read)) models.push({ resource: file.name, read, processes: processesOf(read.definitions) });
      else problem(file.name, `is ${read.reason}`);
    } else {
      const json = parseJson(file.bytes.toString('utf8'));
      if (json === undefined) problem(file.name, 'is not JSON: a form-js form is a JSON object');
      else if (typeof json !== 'object' || json === null || Array.isArray(json)) problem(file.name, 'must be a form-js form: a JSON object');
      else if (!text((json as Record<string, unknown>)['id'])) problem(file.name, 'must have a form id: a non-empty string "id"');
      else forms.push({ resource: file.name, id: (json as Record<string, unknown>)['id'] as string, json: json as Record<string, unknown> });
    }
  }
  if (issues.length > 0) {
    throw new ValidationError(`The upload cannot be read: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return { models, forms };
}

function processesOf(definitions: ModdleElement): UploadedProcess[] {
  const roots = Array.isArray(definitions['rootElements']) ? (definitions['rootElements'] as ModdleElement[]) : [];
  return roots
    .filter((e) => e.$type === 'bpmn:Process' && e['isExecutable'] === true && text(e.id))
    .map((p) => ({ key: p.id as string, name: text(p['name']) }));
}

function formFindings(form: ReadForm): LintFinding[] {
  try {
    parseFormDefinition(form.json, { source: form.resource });
    return [];
  } catch (error) {
    if (!(error instanceof FormDefinitionError)) throw error;
    const issues = error.issues.length > 0 ? error.issues : [{ path: '', message: error.message }];
    return issues.map((issue) => {
      const { component, rest } = componentAt(form.json, issue.path);
      const elementId = text(component?.['id']) ?? text(component?.['key']) ?? form.id;
      const label = text(component?.['label']);
      return {
        resource: form.resource, elementId, ...(label ? { elementName: label } : {}), rule: PROJECT_RULES.formDefinition, category: 'error' as const,
        message: rest ? `${rest}: ${issue.message}` : issue.message,
      };
    });
  }
}

/** The innermost component a form issue's path (`components.2.components.0.validate.pattern`) lies in, and the rest of the path. */
function componentAt(json: Record<string, unknown>, path: string): { component: Record<string, unknown> | null; rest: string } {
  const parts = path ? path.split('.') : [];
  let node: unknown = json;
  let component: Record<string, unknown> | null = null;
  let consumed = 0;
  for (let i = 0; i + 1 < parts.length && parts[i] === 'components'; i += 2) {
    const list = (node as Record<string, unknown> | null)?.['components'];
    const next = Array.isArray(list) ? (list as unknown[])[Number(parts[i + 1])] : undefined;
    if (typeof next !== 'object' || next === null) break;
    node = next;
    component = next as Record<string, unknown>;
    consumed = i + 2;
  }
  return { component, rest: parts.slice(consumed).join('.') };
}

function elementsById(definitions: ModdleElement): Map<string, ModdleElement> {
  const map = new Map<string, ModdleElement>();
  for (const element of semanticElements(definitions)) {
    const id = text(element.id);
    if (id && !map.has(id)) map.set(id, element);
  }
  return map;
}

function parseJson(textValue: string): unknown {
  try {
    return JSON.parse(textValue) as unknown;
  } catch {
    return undefined;
  }
}
