/** The part of `bpmn-js-differ` process management uses (the package ships no typings). */
declare module 'bpmn-js-differ' {
  import type { ModdleElement } from 'bpmn-moddle';

  /** What changed between two BPMN definitions, by element id. */
  export interface ChangeHandler {
    _added: Record<string, ModdleElement>;
    _removed: Record<string, ModdleElement>;
    _changed: Record<string, { model: ModdleElement; attrs: Record<string, { oldValue: unknown; newValue: unknown }> }>;
    _layoutChanged: Record<string, ModdleElement>;
  }

  /** Compares two `bpmn:Definitions` read with bpmn-moddle. */
  export function diff(oldDefinitions: ModdleElement, newDefinitions: ModdleElement): ChangeHandler;
}
