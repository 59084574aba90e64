// Translating a third-party editor's fixed texts in the page where the editor offers no translation of them (see
// README D-022): only the elements named by selectors (labels, headings, tooltips the editor writes itself, never an
// input, an expression editor or the form being designed) and only texts the dictionary has, as the editor redraws.

/** Where fixed texts are: the elements whose own text nodes are translated, and those whose attributes are. */
export interface FixedTextPlaces {
  /** Elements whose direct text nodes are fixed texts. */
  texts: string[];
  /** Elements with a fixed text in an attribute: selector → attribute. */
  attributes: Array<{ selector: string; attribute: 'title' | 'placeholder' | 'aria-label' }>;
}

/**
 * Translates the fixed texts under `root` with `dictionary` now and whenever the editor changes them; returns the
 * function that stops. A text the dictionary does not have is left as it is.
 */
export function translateFixedTexts(root: HTMLElement, places: FixedTextPlaces, dictionary: Readonly<Record<string, string>>): () => void {
  const textSelector = places.texts.join(', ');
  const translateAll = () => {
    if (textSelector) {
      for (const element of root.querySelectorAll(textSelector)) {
        for (const node of element.childNodes) {
          if (node.nodeType !== Node.TEXT_NODE) continue;
          const text = node as Text;
          const key = text.data.trim();
          const translated = key ? dictionary[key] : undefined;
          if (translated !== undefined && translated !== key) text.data = text.data.replace(key, translated);
        }
      }
    }
    for (const { selector, attribute } of places.attributes) {
      for (const element of root.querySelectorAll(selector)) {
        const key = element.getAttribute(attribute)?.trim() ?? '';
        const translated = dictionary[key];
        if (translated !== undefined && translated !== key) element.setAttribute(attribute, translated);
      }
    }
  };
  translateAll();
  // the translations (Chinese) are not keys of the dictionary: the changes made here end the round they start
  const observer = new MutationObserver(translateAll);
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: [...new Set(places.attributes.map((a) => a.attribute))] });
  return () => observer.disconnect();
}
