// Loaded with the modeler page only: bpmn-js's Modeler with the Camunda 7 properties panel, the server's lint rules
// (bpmn/.bpmnlintrc compiled at build time by rollup-plugin-bpmnlint, see vite.config.ts) and the Chinese labels.
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/diagram-js.css';
import lintConfig from '../../../bpmn/.bpmnlintrc';
import Modeler from 'bpmn-js/lib/Modeler';
import lintModule from 'bpmn-js-bpmnlint';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule } from 'bpmn-js-properties-panel';
import camundaBehaviors from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import type { ModuleDeclaration } from 'didi';
import zhCN from './bpmn-translations.zh-CN.json';
import { translateFixedTexts, type FixedTextPlaces } from './fixed-texts';
import { lintMessageInChinese } from './lint-messages';

/** A diagram element as bpmn-js hands it out. */
export interface DiagramElement {
  id: string;
  type: string;
  businessObject: { id: string; name?: string; $type: string; get(name: string): unknown; $attrs?: Record<string, string> };
}

/** A lint issue of bpmn-js-bpmnlint (`linting.completed`), per element id. */
export interface LintIssue {
  id: string;
  message: string;
  category: 'error' | 'warn' | 'info' | 'rule-error';
  rule: string;
}

interface Canvas {
  addMarker(elementId: string, marker: string): void;
  removeMarker(elementId: string, marker: string): void;
  zoom(level: 'fit-viewport', center?: 'auto'): number;
  scrollToElement(element: DiagramElement): void;
}
interface ElementRegistry {
  get(id: string): DiagramElement | undefined;
  filter(predicate: (element: DiagramElement) => boolean): DiagramElement[];
}
interface Overlays {
  add(elementId: string, type: string, overlay: { position: { top?: number; right?: number }; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
interface Selection {
  select(element: DiagramElement): void;
}
interface EventBus {
  on<E>(event: string, callback: (event: E) => void): void;
}

/** What the modeler page needs of bpmn-js: import and export, the elements, markers and overlays, lint and selection. */
export interface BpmnModeler {
  importXml(xml: string): Promise<string[]>;
  exportXml(): Promise<string>;
  /** The user tasks' forms: the `camunda:formRef` (or `camunda:formKey`) of each user task. */
  formRefs(): Array<{ elementId: string; elementName: string | null; formId: string }>;
  /** The id and name of the (first) process of the diagram. */
  process(): { id: string; name: string | null } | null;
  /** Marks `elementId` with `marker` and a badge `text`; `clear` removes every mark and badge of `kind`. */
  mark(elementId: string, kind: string, text: string): boolean;
  clear(kind: string): void;
  /** Selects element `elementId` and scrolls to it; false when the diagram has no such element. */
  select(elementId: string): boolean;
  /** Calls `listener` with the lint issues after each change (the server's rules, run in the browser). */
  onLint(listener: (issues: Record<string, LintIssue[]>) => void): void;
  /** Calls `listener` after each change of the diagram. */
  onChange(listener: () => void): void;
  destroy(): void;
}

/**
 * Creates bpmn-js's Modeler in `container` with the properties panel in `panel`, labels in `language` (Chinese from
 * our dictionary; English as bpmn-js writes it) and linting on while editing.
 */
export function createBpmnModeler(container: HTMLElement, panel: HTMLElement, language: string): BpmnModeler {
  const modeler = new Modeler({
    container,
    propertiesPanel: { parent: panel },
    linting: { bpmnlint: lintConfig, active: true },
    additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule, camundaBehaviors, lintModule, translateModule(language), panelTranslationModule],
    moddleExtensions: { camunda: camundaModdle },
  });
  const canvas = modeler.get<Canvas>('canvas');
  const registry = modeler.get<ElementRegistry>('elementRegistry');
  const overlays = modeler.get<Overlays>('overlays');
  const events = modeler.get<EventBus>('eventBus');
  const marked = new Map<string, Set<string>>();
  // the expression editors' pop-up button is the one text of the panel that never reaches `translate`
  const stopFixedTexts = language === 'zh-CN' ? translateFixedTexts(panel, PANEL_FIXED_TEXTS, zhCN) : () => undefined;

  return {
    async importXml(xml) {
      const { warnings } = await modeler.importXML(xml);
      canvas.zoom('fit-viewport', 'auto');
      return warnings.map((w: unknown) => (w instanceof Error ? w.message : String((w as { message?: string }).message ?? w)));
    },
    async exportXml() {
      const { xml } = await modeler.saveXML({ format: true });
      return xml ?? '';
    },
    formRefs() {
      return registry
        .filter((e) => e.type === 'bpmn:UserTask')
        .map((e) => {
          const ref = e.businessObject.get('camunda:formRef');
          const key = e.businessObject.get('camunda:formKey');
          const formId = typeof ref === 'string' && ref ? ref : typeof key === 'string' ? formIdOfKey(key) : null;
          return formId ? { elementId: e.id, elementName: e.businessObject.name ?? null, formId } : null;
        })
        .filter((r): r is { elementId: string; elementName: string | null; formId: string } => r !== null);
    },
    process() {
      const root = registry.filter((e) => e.type === 'bpmn:Process' || e.type === 'bpmn:Participant')[0];
      if (!root) return null;
      const bo = root.type === 'bpmn:Participant' ? (root.businessObject.get('processRef') as DiagramElement['businessObject'] | undefined) : root.businessObject;
      return bo ? { id: bo.id, name: bo.name ?? null } : null;
    },
    mark(elementId, kind, text) {
      if (!registry.get(elementId)) return false;
      canvas.addMarker(elementId, kind);
      marked.set(kind, new Set([...(marked.get(kind) ?? []), elementId]));
      const badge = document.createElement('div');
      badge.className = `modeler-badge ${kind}-badge`;
      badge.dataset['elementId'] = elementId;
      badge.textContent = text;
      badge.title = text;
      overlays.add(elementId, kind, { position: { top: -14, right: 14 }, html: badge });
      return true;
    },
    clear(kind) {
      for (const id of marked.get(kind) ?? []) if (registry.get(id)) canvas.removeMarker(id, kind);
      marked.delete(kind);
      overlays.remove({ type: kind });
    },
    select(elementId) {
      const element = registry.get(elementId);
      if (!element) return false;
      modeler.get<Selection>('selection').select(element);
      canvas.scrollToElement(element);
      return true;
    },
    onLint(listener) {
      // bpmn-js-bpmnlint lints after each import and each change
      const completed = (event: { issues: Record<string, LintIssue[]> }) => listener(event.issues);
      events.on('linting.completed', completed);
    },
    onChange(listener) {
      events.on('commandStack.changed', listener);
    },
    destroy() {
      stopFixedTexts();
      modeler.destroy();
    },
  };
}

/** A blank procedure: one process with its start event and the history time to live the engine requires. */
export function blankDiagram(processId: string, name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${processId}" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Platform" modeler:executionPlatformVersion="7.23.0">
  <bpmn:process id="${processId}" name="${escapeXml(name)}" isExecutable="true" camunda:historyTimeToLive="1825">
    <bpmn:startEvent id="StartEvent_1" name="${escapeXml(name)}" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="180" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

// helpers ////

/**
 * The bpmn-js `translate` service: for `zh-CN` our Chinese dictionary, then the lint messages' table (bpmn-js-bpmnlint
 * passes each issue's message through `translate`); bpmn-js's English otherwise.
 */
function translateModule(language: string): ModuleDeclaration {
  const chinese = language === 'zh-CN';
  const dictionary: Record<string, string> = chinese ? zhCN : {};
  const translate = (template: string, replacements: Record<string, string> = {}) =>
    (dictionary[template] ?? (chinese ? lintMessageInChinese(template) : null) ?? template).replace(/{([^}]+)}/g, (whole, key: string) => replacements[key] ?? whole);
  return { translate: ['value', translate] };
}

/** The translate function of bpmn-js. */
type Translate = (template: string, replacements?: Record<string, string>) => string;

/** What the module below needs of bpmn-js-properties-panel: adding a provider that sees every group last. */
interface PropertiesPanel {
  registerProvider(priority: number, provider: { getGroups(element: unknown): (groups: Array<Record<string, unknown>>) => Array<Record<string, unknown>> }): void;
}

/**
 * Hands bpmn-js's `translate` to every group of the properties panel: the panel's own controls (a group's toggle,
 * its "edited" marker, a list's add button and item count) translate through the group's `translate` property, which
 * bpmn-js-properties-panel leaves unset.
 */
const panelTranslationModule: ModuleDeclaration = {
  __init__: ['panelTranslation'],
  panelTranslation: ['type', PanelTranslation],
};

function PanelTranslation(propertiesPanel: PropertiesPanel, translate: Translate) {
  propertiesPanel.registerProvider(1, { getGroups: () => (groups) => groups.map((group) => ({ ...group, translate })) });
}
PanelTranslation.$inject = ['propertiesPanel', 'translate'];

/** The texts of the properties panel that do not go through `translate` (the expression editors' pop-up button). */
const PANEL_FIXED_TEXTS: FixedTextPlaces = {
  texts: ['.bio-properties-panel-feelers-editor__popup-placeholder'],
  attributes: [{ selector: '.bio-properties-panel-open-feel-popup', attribute: 'title' }],
};

/** The form id of a `camunda:formKey` naming a deployed Camunda form (`camunda-forms:deployment:<id>.form`), else null. */
function formIdOfKey(key: string): string | null {
  const match = /^camunda-forms:(?:deployment|app):(?:.*\/)?([^/]+)\.form$/.exec(key);
  return match?.[1] ?? null;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
