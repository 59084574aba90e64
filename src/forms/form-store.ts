/**
 * Loading the form definitions of a directory (the project's `forms/`, or a test's): every `*.form` file is parsed,
 * and the forms are returned by id. Start forms and tests use it; deployed forms may come from elsewhere.
 */

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FormDefinitionError, parseFormDefinition, type FormDefinition } from './form-definition.js';

/**
 * Reads every `*.form` file directly in `dir` (not in sub-directories), in name order, and returns the parsed forms
 * by id. Throws a `FormDefinitionError` (`FORM_INVALID`) naming the file when a file is not JSON, is not a valid
 * form, or is not named after its form id (`<id>.form`, the project's convention, so that `camunda:formRef`
 * finds it). Errors reading the directory itself propagate unchanged.
 */
export async function loadFormsFromDirectory(dir: string): Promise<Map<string, FormDefinition>> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.form'))
    .map((entry) => entry.name)
    .sort();
  const forms = new Map<string, FormDefinition>();
  for (const name of names) {
    const file = join(dir, name);
    const form = parseFormDefinition(parseJson(await readFile(file, 'utf8'), file), { source: file });
    if (name !== `${form.id}.form`) {
      const expected = name.slice(0, -'.form'.length);
      throw new FormDefinitionError(`Form ${file} is invalid: its id "${form.id}" does not match its file name`, [
        { path: 'id', message: `expected "${expected}" (file name = form id)`, code: 'FORM_INVALID' },
      ]);
    }
    forms.set(form.id, form);
  }
  return forms;
}

// helpers ////

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FormDefinitionError(`Form ${file} is invalid: not JSON (${reason})`, [
      { path: '', message: `not JSON: ${reason}`, code: 'FORM_INVALID' },
    ]);
  }
}
