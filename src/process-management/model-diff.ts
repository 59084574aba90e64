/** The difference between two versions of a BPMN model, computed by bpmn-js-differ over moddle elements. */

import { diff } from 'bpmn-js-differ';
import type { ModdleElement } from 'bpmn-moddle';
import { UnexpectedError } from '../errors.js';
import { isReadable, nameOf, readBpmn, text } from './bpmn-model.js';
import type { ChangedElement, DiffAttribute, DiffElement, ModelDiff } from './process-model-types.js';

export type { ChangedElement, DiffAttribute, DiffElement, ModelDiff };

/** Compares two BPMN documents; the XML comes from the engine, so unreadable XML is a bug (500). */
export async function diffModels(oldXml: string, newXml: string): Promise<ModelDiff> {
  const [before, after] = await Promise.all([definitionsOf(oldXml), definitionsOf(newXml)]);
  const changes = diff(before, after);
  const byId = (a: DiffElement, b: DiffElement) => a.id.localeCompare(b.id);
  return {
    added: Object.entries(changes._added).map(([id, e]) => element(id, e)).sort(byId),
    removed: Object.entries(changes._removed).map(([id, e]) => element(id, e)).sort(byId),
    changed: Object.entries(changes._changed)
      .map(([id, c]) => ({
        ...element(id, c.model),
        attributes: Object.entries(c.attrs).map(([name, v]) => attribute(name, v.oldValue, v.newValue)),
      }))
      .sort(byId),
    layoutChanged: Object.entries(changes._layoutChanged)
      .filter(([id]) => !(id in changes._added) && !(id in changes._removed))
      .map(([id, e]) => element(id, e))
      .sort(byId),
  };
}

// helpers ////

async function definitionsOf(xml: string): Promise<ModdleElement> {
  const read = await readBpmn(xml);
  if (!isReadable(read)) throw new UnexpectedError('INTERNAL_ERROR', `A deployed model cannot be read: ${read.reason}`);
  return read.definitions;
}

/**
 * A changed attribute. bpmn-js-differ 3 records a replaced value with old and new the wrong way round (it passes the
 * delta's `[old, new]` to `changed(model, property, newValue, oldValue)`); items added to or removed from a list
 * (`extensionElements.values[0]`) it records the right way round.
 */
function attribute(name: string, recordedOld: unknown, recordedNew: unknown): DiffAttribute {
  const listItem = name.endsWith(']');
  return { name, oldValue: plain(listItem ? recordedOld : recordedNew), newValue: plain(listItem ? recordedNew : recordedOld) };
}

function element(id: string, e: ModdleElement | undefined): DiffElement {
  return { id, type: e?.$type ?? 'unknown', name: nameOf(e) ?? null };
}

/** A JSON-friendly form of an attribute value: references as ids, elements as their type and id. */
function plain(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith('#ref:') ? value.slice('#ref:'.length) : value;
  if (value === null || value === undefined || typeof value !== 'object') return value ?? null;
  if (Array.isArray(value)) return value.map(plain);
  const moddle = value as ModdleElement;
  if (typeof moddle.$type === 'string') return { type: moddle.$type, ...(text(moddle.id) ? { id: moddle.id } : {}) };
  return null;
}
