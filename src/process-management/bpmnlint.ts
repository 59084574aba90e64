/** bpmnlint as a library: the project's `.bpmnlintrc` (bpmnlint:recommended + camunda-compat for Camunda 7.23) over moddle elements. */

import { readFileSync } from 'node:fs';
import type { ModdleElement } from 'bpmn-moddle';
import type { FindingCategory } from './findings.js';

/** One report of a bpmnlint rule. */
export interface BpmnlintReport {
  /** The rule, as bpmnlint names it (`label-required`, `camunda-compat/history-time-to-live`). */
  rule: string;
  /** The id of the element reported on, when the rule names one. */
  elementId: string | null;
  message: string;
  category: FindingCategory;
}

/** A bpmnlint configuration: the configurations it extends and rule settings, as in `.bpmnlintrc`. */
export interface BpmnlintConfig {
  extends?: string | string[];
  rules?: Record<string, unknown>;
}

/**
 * Runs bpmnlint's own `Linter` with a configuration, resolving rules and configurations (`bpmnlint:…`,
 * `plugin:camunda-compat/…`) as the `bpmnlint` command does.
 */
export class Bpmnlint {
  private readonly Linter: LinterConstructor;
  private readonly resolver: unknown;

  constructor(readonly config: BpmnlintConfig) {
    this.Linter = (nodeRequire('bpmnlint') as { Linter: LinterConstructor }).Linter;
    const NodeResolver = nodeRequire('bpmnlint/lib/resolver/node-resolver') as ResolverConstructor;
    this.resolver = new NodeResolver({ require: nodeRequire });
  }

  /** Reads a `.bpmnlintrc` file. */
  static fromFile(path: string): Bpmnlint {
    return new Bpmnlint(JSON.parse(readFileSync(path, 'utf8')) as BpmnlintConfig);
  }

  /**
   * Lints a `bpmn:Definitions` element. bpmnlint's `info` reports count as warnings; a rule that crashes is an
   * error, so that a broken rule never lets a model through unchecked.
   */
  async lint(definitions: ModdleElement): Promise<BpmnlintReport[]> {
    // a fresh linter per model, as the bpmnlint command makes one per file: rules keep state while they walk a model
    const linter = new this.Linter({ config: this.config, resolver: this.resolver });
    const results = await linter.lint(definitions);
    const out: BpmnlintReport[] = [];
    for (const [rule, reports] of Object.entries(results)) {
      for (const report of reports) {
        const category: FindingCategory = report.category === 'warn' || report.category === 'info' ? 'warn' : 'error';
        out.push({ rule: rule || 'bpmnlint', elementId: typeof report.id === 'string' && report.id ? report.id : null, message: report.message, category });
      }
    }
    return out;
  }
}

// helpers ////

/**
 * Node's own `require`: bpmnlint and its plugin are CommonJS that require ES-module-only packages (`min-dash`),
 * which Node ≥ 20.19 loads but module loaders that replace `require` (Jest's) do not.
 */
const nodeRequire = process.getBuiltinModule('node:module').createRequire(import.meta.url);

interface LintReport {
  id?: string;
  message: string;
  category: string;
}

interface LinterInstance {
  lint(definitions: ModdleElement): Promise<Record<string, LintReport[]>>;
}

type LinterConstructor = new (options: { config: BpmnlintConfig; resolver: unknown }) => LinterInstance;
type ResolverConstructor = new (options: { require: NodeJS.Require }) => unknown;
