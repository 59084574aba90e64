// form-js's editor in the interface language. @bpmn-io/form-js-editor 1.23 has no `translate` service (README D-022):
// the properties panel's group headings go through its properties-provider hook (with the panel's own `translate`);
// its other fixed labels — the palette, the entries' labels and descriptions, the panel's heading and placeholders, the
// empty canvas — are translated in place from the table below, never the form being designed nor what the user types.
import { translateFixedTexts, type FixedTextPlaces } from './fixed-texts';
import zhCN from './form-editor-translations.zh-CN.json';

/** A didi module of the form editor (`additionalModules`). */
type EditorModule = Record<string, unknown>;

interface Group {
  label?: unknown;
  [key: string]: unknown;
}

/** What the module needs of the editor's properties panel: adding a provider seeing every group after the editor's own. */
interface FormPropertiesPanel {
  registerProvider(provider: { getGroups(field: unknown, editField: unknown): (groups: Group[]) => Group[] }, priority: number): void;
}

/** Where the editor writes its fixed labels. */
const FORM_EDITOR_FIXED_TEXTS: FixedTextPlaces = {
  texts: [
    '.fjs-palette-header', '.fjs-palette-group-title', '.fjs-palette-field-text', '.fjs-palette-no-entries',
    '.fjs-empty-editor-card h2', '.fjs-empty-editor-card > span', '.fjs-empty-component-text',
    '.fjs-properties-panel .bio-properties-panel-header-type', '.fjs-properties-panel .bio-properties-panel-placeholder-text',
    '.fjs-properties-panel .bio-properties-panel-label', '.fjs-properties-panel .bio-properties-panel-label .bio-properties-panel-tooltip-wrapper',
    '.fjs-properties-panel .bio-properties-panel-description', '.fjs-properties-panel .bio-properties-panel-description a',
    '.fjs-properties-panel .bio-properties-panel-feelers-editor__popup-placeholder',
    // the choices of the panel's own selects; a default value's choices are the user's options, but for "none" and a
    // checkbox's two
    '.fjs-properties-panel [data-entry-id]:not([data-entry-id="defaultValue"]) option',
    '.fjs-properties-panel [data-entry-id="defaultValue"] option:is([value=""], [value="true"], [value="false"])',
  ],
  attributes: [
    { selector: '.fjs-palette-header', attribute: 'title' },
    { selector: '.fjs-palette-search', attribute: 'placeholder' },
    { selector: '.fjs-palette-search-clear', attribute: 'title' },
    { selector: '.fjs-palette-field', attribute: 'title' },
    { selector: '.fjs-properties-panel .bio-properties-panel-open-feel-popup', attribute: 'title' },
    { selector: '.fjs-properties-panel .bio-properties-panel-feel-icon', attribute: 'title' },
  ],
};

/** The Chinese table with the palette entries' tooltips ("Create a Text field element"), which name each entry. */
function chineseDictionary(): Record<string, string> {
  const table: Record<string, string> = { ...zhCN };
  for (const [name, chinese] of Object.entries(zhCN)) {
    table[`Create a ${name} element`] = `创建${chinese}`;
    table[`Create an ${name} element`] = `创建${chinese}`;
  }
  return table;
}

/** The form editor's language: its modules (for `additionalModules`) and the translation of its page. */
export interface FormEditorLanguage {
  modules: EditorModule[];
  /** Translates the editor drawn in `container` as it redraws; returns the function that stops. */
  attach(container: HTMLElement): () => void;
}

/** form-js's editor in `language`: Chinese for `zh-CN`, the editor's English otherwise. */
export function formEditorLanguage(language: string): FormEditorLanguage {
  if (language !== 'zh-CN') return { modules: [], attach: () => () => undefined };
  const dictionary = chineseDictionary();
  const translate = (template: string, replacements: Record<string, string> = {}) =>
    (dictionary[template] ?? template).replace(/{([^}]+)}/g, (whole, key: string) => replacements[key] ?? whole);

  function GroupTranslation(propertiesPanel: FormPropertiesPanel) {
    propertiesPanel.registerProvider({
      getGroups: () => (groups) => groups.map((group) => ({ ...group, label: typeof group.label === 'string' ? translate(group.label) : group.label, translate })),
    }, 1);
  }
  GroupTranslation.$inject = ['propertiesPanel'];

  return {
    modules: [{ __init__: ['groupTranslation'], groupTranslation: ['type', GroupTranslation] }],
    attach: (container) => translateFixedTexts(container, FORM_EDITOR_FIXED_TEXTS, dictionary),
  };
}
