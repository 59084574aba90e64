import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FormDefinitionError, loadFormsFromDirectory, validateSubmission } from '../../../src/forms/index.js';

/** The project's forms/ directory. */
const FORMS_DIR = fileURLToPath(new URL('../../../forms/', import.meta.url));

describe('loadFormsFromDirectory', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'forms-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('parses every *.form file of the project, each under its own id', async () => {
    const files = (await readdir(FORMS_DIR)).filter((name) => name.endsWith('.form'));
    const forms = await loadFormsFromDirectory(FORMS_DIR);
    expect(forms.size).toBe(files.length);
    expect(forms.has('example-greeting-confirm')).toBe(true);
  });

  it('loads only *.form files, by id', async () => {
    await writeFile(join(dir, 'form-a.form'), JSON.stringify({ id: 'form-a', components: [] }));
    await writeFile(join(dir, 'notes.txt'), 'not a form');
    const forms = await loadFormsFromDirectory(dir);
    expect([...forms.keys()]).toEqual(['form-a']);
  });

  it('names the file of a form that is not JSON', async () => {
    const file = join(dir, 'broken.form');
    await writeFile(file, '{ "id": ');
    await expect(loadFormsFromDirectory(dir)).rejects.toThrow(FormDefinitionError);
    await expect(loadFormsFromDirectory(dir)).rejects.toThrow(`Form ${file} is invalid: not JSON`);
  });

  it('names the file and the problem of an invalid form', async () => {
    const file = join(dir, 'bad.form');
    await writeFile(file, JSON.stringify({ id: 'bad', components: [{ type: 'textfield' }] }));
    await expect(loadFormsFromDirectory(dir)).rejects.toMatchObject({
      code: 'FORM_INVALID',
      message: `Form ${file} is invalid: components.0.key: a textfield needs a key of word characters separated by dots`,
    });
  });

  it('rejects a file not named after its form id', async () => {
    await writeFile(join(dir, 'review.form'), JSON.stringify({ id: 'permit-review', components: [] }));
    await expect(loadFormsFromDirectory(dir)).rejects.toThrow(
      `Form ${join(dir, 'review.form')} is invalid: its id "permit-review" does not match its file name`,
    );
  });
});

describe('the example form example-greeting-confirm', () => {
  it('takes the confirmation and the comment, never the read-only greeting', async () => {
    const form = (await loadFormsFromDirectory(FORMS_DIR)).get('example-greeting-confirm')!;
    expect(validateSubmission(form, { greeting: 'forged', approved: true, comment: '无误' })).toEqual({
      values: { approved: true, comment: '无误' },
      issues: [],
    });
  });

  it('requires the confirmation and limits the comment to 500 characters', async () => {
    const form = (await loadFormsFromDirectory(FORMS_DIR)).get('example-greeting-confirm')!;
    expect(validateSubmission(form, { approved: false, comment: '长'.repeat(501), extra: 1 }).issues).toEqual([
      { path: 'extra', code: 'unknown', message: '"extra" is not a field of this form.' },
      { path: 'approved', code: 'required', message: '"确认无误" is required.' },
      { path: 'comment', code: 'maxLength', message: '"审批意见" must be at most 500 characters long.' },
    ]);
  });
});
