// Type declarations of the modeler's packages that ship none (bpmn-js add-ons, the compiled bpmnlint configuration).
/* eslint-disable no-restricted-syntax -- these packages' modules have default exports; declaring them needs `export default` */

declare module '*.bpmnlintrc' {
  /** The bpmnlint configuration compiled at build time (rollup-plugin-bpmnlint): its rules and a resolver of them. */
  const config: { config: unknown; resolver: unknown };
  export default config;
}

declare module 'rollup-plugin-bpmnlint' {
  import type { Plugin } from 'vite';
  /** Compiles `.bpmnlintrc` files into modules importing their rules. */
  export default function bpmnlint(options?: { include?: RegExp | string; exclude?: RegExp | string | string[] }): Plugin;
}

declare module 'bpmn-js-properties-panel' {
  import type { ModuleDeclaration } from 'didi';
  export const BpmnPropertiesPanelModule: ModuleDeclaration;
  export const BpmnPropertiesProviderModule: ModuleDeclaration;
  export const CamundaPlatformPropertiesProviderModule: ModuleDeclaration;
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-platform' {
  import type { ModuleDeclaration } from 'didi';
  const module: ModuleDeclaration;
  export default module;
}

declare module 'camunda-bpmn-moddle/resources/camunda.json' {
  const descriptor: Record<string, unknown>;
  export default descriptor;
}

declare module 'bpmn-js-bpmnlint' {
  import type { ModuleDeclaration } from 'didi';
  const module: ModuleDeclaration;
  export default module;
}

declare module 'bpmn-js-differ' {
  /** The changes from one bpmn-moddle definitions tree to another. */
  export function diff(a: unknown, b: unknown): {
    _added: Record<string, unknown>;
    _removed: Record<string, unknown>;
    _changed: Record<string, unknown>;
    _layoutChanged: Record<string, unknown>;
  };
}
