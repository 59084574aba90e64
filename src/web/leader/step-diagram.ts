// Loaded on demand (dynamic import from process-view-page.tsx): bpmn-js and its styles come only with the process view.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type { ProcedureStep } from './supervision-api';

/** The CSS class (canvas marker) of the step whose cases are listed. */
export const SELECTED_MARKER = 'step-selected';

/** The CSS class (canvas marker) of a step where open cases wait. */
export const WAITING_MARKER = 'step-waiting';

/** The smallest scale at which the labels of a diagram can be read. */
const READABLE_SCALE = 0.75;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Canvas {
  addMarker(elementId: string, marker: string): void;
  removeMarker(elementId: string, marker: string): void;
  zoom(level: 'fit-viewport', center?: 'auto'): number;
  viewbox(): Box & { outer: { width: number; height: number } };
  viewbox(box: Box): void;
}
interface ElementRegistry {
  get(id: string): Partial<Box> | undefined;
}
interface Overlays {
  add(elementId: string, type: string, overlay: { position: { top?: number; right?: number }; scale?: { min?: number; max?: number }; html: HTMLElement }): string;
}
interface EventBus {
  on(event: string, callback: (event: { element: { id: string; type?: string } }) => void): void;
}

/** A drawn diagram: selecting a step marks it; `destroy` removes the drawing. */
export interface StepDiagram {
  select(activityId: string | null): void;
  destroy(): void;
}

/**
 * Draws the BPMN 2.0 `xml` with bpmn-js's navigated viewer into `container` and puts on each step of `steps` a badge
 * with the number of cases waiting there, coloured by their most urgent clock (`data-colour`); `label` gives the
 * badge's accessible name. Clicking a step (or its badge) calls `onSelect` with its id.
 */
export async function drawStepDiagram(container: HTMLElement, xml: string, steps: readonly ProcedureStep[], label: (step: ProcedureStep) => string, onSelect: (activityId: string) => void): Promise<StepDiagram> {
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(xml);
  const canvas = viewer.get<Canvas>('canvas');
  const registry = viewer.get<ElementRegistry>('elementRegistry');
  const overlays = viewer.get<Overlays>('overlays');
  const events = viewer.get<EventBus>('eventBus');

  for (const step of steps) {
    if (!registry.get(step.activityId)) continue;
    canvas.addMarker(step.activityId, WAITING_MARKER);
    const badge = document.createElement('button');
    badge.type = 'button';
    badge.className = 'step-badge';
    badge.dataset['activity'] = step.activityId;
    badge.dataset['colour'] = step.colour ?? 'none';
    badge.dataset['count'] = String(step.count);
    badge.textContent = String(step.count);
    badge.setAttribute('aria-label', label(step));
    badge.title = label(step);
    badge.addEventListener('click', () => onSelect(step.activityId));
    overlays.add(step.activityId, 'step-count', { position: { top: -12, right: 12 }, scale: { min: 1 }, html: badge });
  }
  events.on('element.click', ({ element }) => {
    if (steps.some((s) => s.activityId === element.id)) onSelect(element.id);
  });
  // the whole process when it is readable so; otherwise a readable size, centred on the steps where cases wait
  const fitted = canvas.zoom('fit-viewport', 'auto');
  const waiting = steps.map((step) => registry.get(step.activityId)).filter((e): e is Box => typeof e?.x === 'number');
  if (fitted < READABLE_SCALE && waiting.length > 0) {
    const left = Math.min(...waiting.map((e) => e.x)), right = Math.max(...waiting.map((e) => e.x + e.width));
    const top = Math.min(...waiting.map((e) => e.y)), bottom = Math.max(...waiting.map((e) => e.y + e.height));
    const { outer } = canvas.viewbox();
    const width = outer.width / READABLE_SCALE, height = outer.height / READABLE_SCALE;
    canvas.viewbox({ x: (left + right) / 2 - width / 2, y: (top + bottom) / 2 - height / 2, width, height });
  }

  let selected: string | null = null;
  return {
    select(activityId) {
      if (selected && registry.get(selected)) canvas.removeMarker(selected, SELECTED_MARKER);
      selected = activityId;
      if (activityId && registry.get(activityId)) canvas.addMarker(activityId, SELECTED_MARKER);
    },
    destroy: () => viewer.destroy(),
  };
}
