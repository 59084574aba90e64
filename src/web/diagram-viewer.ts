// Loaded on demand (dynamic import from process-diagram.tsx): bpmn-js and its styles are downloaded only when a task
// page shows its diagram, never by the lists.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type { PathActivity } from './api';

/** The CSS class (canvas marker) of an activity the case has passed through. */
export const DONE_MARKER = 'diagram-done';

/** The CSS class (canvas marker) of an activity the case is in now. */
export const CURRENT_MARKER = 'diagram-current';

/** The smallest scale at which the labels of a diagram can be read. */
const READABLE_SCALE = 0.75;

/** How the hover note of an activity says who handled it and when. */
export interface DiagramTexts {
  handler: (assignee: string) => string;
  time: (start: string, end: string | null) => string;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Canvas {
  addMarker(elementId: string, marker: string): void;
  zoom(level: 'fit-viewport', center?: 'auto'): number;
  viewbox(): Box & { outer: { width: number; height: number } };
  viewbox(box: Box): void;
}
interface ElementRegistry {
  get(id: string): Partial<Box> | undefined;
}
interface Overlays {
  add(elementId: string, type: string, overlay: { position: { bottom?: number; left?: number }; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
interface EventBus {
  on(event: string, callback: (event: { element: { id: string } }) => void): void;
}

/**
 * Draws the BPMN 2.0 `xml` of a process version with bpmn-js's navigated viewer (drag to move, wheel to zoom) into
 * `container`: the activities of `path` that ended are marked done, those still running (no `end`) current, and
 * hovering an activity of the path shows who handled it and when. Returns the function that removes the drawing.
 */
export async function drawDiagram(container: HTMLElement, xml: string, path: PathActivity[], texts: DiagramTexts): Promise<() => void> {
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(xml);
  const canvas = viewer.get<Canvas>('canvas');
  const registry = viewer.get<ElementRegistry>('elementRegistry');
  const overlays = viewer.get<Overlays>('overlays');
  const events = viewer.get<EventBus>('eventBus');

  const passed = new Map<string, PathActivity[]>();
  for (const activity of path) {
    if (!registry.get(activity.activityId)) continue;
    passed.set(activity.activityId, [...(passed.get(activity.activityId) ?? []), activity]);
  }
  for (const [id, visits] of passed) {
    const current = visits.some((v) => v.end === null);
    const done = visits.some((v) => v.end !== null && !v.canceled);
    if (current) canvas.addMarker(id, CURRENT_MARKER);
    else if (done) canvas.addMarker(id, DONE_MARKER);
  }

  events.on('element.hover', ({ element }) => {
    const visits = passed.get(element.id);
    if (!visits) return;
    const note = document.createElement('div');
    note.className = 'diagram-note';
    for (const visit of visits) {
      const line = document.createElement('div');
      line.textContent = [visit.assignee ? texts.handler(visit.assignee) : null, texts.time(visit.start, visit.end)].filter(Boolean).join(' · ');
      note.appendChild(line);
    }
    overlays.add(element.id, 'path-note', { position: { bottom: 4, left: 0 }, html: note });
  });
  events.on('element.out', () => overlays.remove({ type: 'path-note' }));

  // the whole process when it is readable so; otherwise a readable size, centred on the current step(s)
  const fitted = canvas.zoom('fit-viewport', 'auto');
  const current = [...passed].filter(([, visits]) => visits.some((v) => v.end === null)).map(([id]) => registry.get(id)).filter((e): e is Box => typeof e?.x === 'number');
  if (fitted < READABLE_SCALE && current.length > 0) {
    const left = Math.min(...current.map((e) => e.x)), right = Math.max(...current.map((e) => e.x + e.width));
    const top = Math.min(...current.map((e) => e.y)), bottom = Math.max(...current.map((e) => e.y + e.height));
    const { outer } = canvas.viewbox();
    const width = outer.width / READABLE_SCALE, height = outer.height / READABLE_SCALE;
    canvas.viewbox({ x: (left + right) / 2 - width / 2, y: (top + bottom) / 2 - height / 2, width, height });
  }
  return () => viewer.destroy();
}
