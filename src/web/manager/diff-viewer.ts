// Loaded with the diff page only: bpmn-js's navigated viewer drawing a version with its changes coloured.
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/diagram-js.css';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

/** How an element changed between the two versions; each is a canvas marker (CSS class) of its own colour. */
export type ChangeKind = 'added' | 'removed' | 'changed' | 'layout';

/** The canvas marker of a change. */
export function markerOf(kind: ChangeKind): string {
  return `diff-${kind}`;
}

interface Canvas {
  addMarker(elementId: string, marker: string): void;
  zoom(level: 'fit-viewport', center?: 'auto'): number;
  scrollToElement(element: unknown): void;
}
interface ElementRegistry {
  get(id: string): unknown;
}

/** A drawn version: marks the elements `changes` names and selects (scrolls to) one on request. */
export interface DiffDiagram {
  show(elementId: string): boolean;
  destroy(): void;
}

/** Draws `xml` into `container` with each element of `changes` marked with the colour of its change. */
export async function drawVersion(container: HTMLElement, xml: string, changes: ReadonlyMap<string, ChangeKind>): Promise<DiffDiagram> {
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(xml);
  const canvas = viewer.get<Canvas>('canvas');
  const registry = viewer.get<ElementRegistry>('elementRegistry');
  for (const [id, kind] of changes) if (registry.get(id)) canvas.addMarker(id, markerOf(kind));
  canvas.zoom('fit-viewport', 'auto');
  return {
    show(elementId) {
      const element = registry.get(elementId);
      if (!element) return false;
      canvas.scrollToElement(element);
      return true;
    },
    destroy: () => viewer.destroy(),
  };
}
