import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCUMENT_TYPES, pdfFontAvailable, renderPdf, type DocumentInput } from '../../../src/documents/index.js';
import { META, SAMPLES } from './sample-documents.js';

/** A font with Chinese glyphs, configured by the environment; the machine running the tests may have none. */
const CJK_FONT = process.env['DOCUMENT_FONT_FILE'];
const CJK_FONT_READY = CJK_FONT !== undefined && CJK_FONT !== '' && existsSync(CJK_FONT);
const CJK_FONT_STATE = CJK_FONT === undefined || CJK_FONT === '' ? 'not set' : `${CJK_FONT} does not exist`;
/** A common font without Chinese glyphs, for what can be tested without one. */
const LATIN_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const LATIN_FONT_READY = existsSync(LATIN_FONT);

if (!CJK_FONT_READY) {
  console.log(
    'SKIPPED: rendering PDF documents with a Chinese font — set DOCUMENT_FONT_FILE to a TTF/OTF/TTC font with ' +
      `CJK glyphs to run these tests (${CJK_FONT_STATE}).`,
  );
}
if (!LATIN_FONT_READY) console.log(`SKIPPED: PDF layout tests with a non-CJK font — ${LATIN_FONT} does not exist.`);

function expectPdf(bytes: Buffer): void {
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
}

describe('pdfFontAvailable', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'documents-font-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is false when no font is configured', () => {
    expect(pdfFontAvailable(undefined)).toBe(false);
    expect(pdfFontAvailable('')).toBe(false);
  });

  it('is false for a missing file or a directory', () => {
    expect(pdfFontAvailable(join(dir, 'missing.ttf'))).toBe(false);
    expect(pdfFontAvailable(dir)).toBe(false);
  });

  it('is false for a file that is not a font', () => {
    const notAFont = join(dir, 'not-a-font.ttf');
    writeFileSync(notAFont, 'hello, world');

    expect(pdfFontAvailable(notAFont)).toBe(false);
  });

  (LATIN_FONT_READY ? it : it.skip)('is true for a TrueType font file', () => {
    expect(pdfFontAvailable(LATIN_FONT)).toBe(true);
  });
});

describe('renderPdf', () => {
  it('validates the data before looking at the font', async () => {
    const data = { ...SAMPLES['permit-refusal'], reasons: [] } as DocumentInput<'permit-refusal'>;

    await expect(renderPdf('permit-refusal', data, META, undefined)).rejects.toMatchObject({
      code: 'DOCUMENT_DATA_INVALID',
    });
  });

  it('refuses with DOCUMENT_FONT_UNAVAILABLE when no font is configured', async () => {
    await expect(renderPdf('permit-refusal', SAMPLES['permit-refusal'], META, undefined)).rejects.toMatchObject({
      code: 'DOCUMENT_FONT_UNAVAILABLE',
    });
    await expect(
      renderPdf('permit-refusal', SAMPLES['permit-refusal'], META, '/nonexistent/font.ttf'),
    ).rejects.toMatchObject({ code: 'DOCUMENT_FONT_UNAVAILABLE' });
  });

  (LATIN_FONT_READY ? describe : describe.skip)('with a font that has no Chinese glyphs', () => {
    it('refuses with DOCUMENT_FONT_UNAVAILABLE naming missing characters', async () => {
      const rendering = renderPdf('guard-certificate', SAMPLES['guard-certificate'], META, LATIN_FONT);

      await expect(rendering).rejects.toMatchObject({
        code: 'DOCUMENT_FONT_UNAVAILABLE',
        message: expect.stringContaining('has no glyphs for'),
      });
    });

    it.each(DOCUMENT_TYPES.map((type) => [type]))('lays out a %s when missing glyphs are allowed', async (type) => {
      const bytes = await renderPdf(type, SAMPLES[type], META, LATIN_FONT, { missingGlyphs: 'allow' });

      expectPdf(bytes);
    });

    it('uses the first face of a font collection', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'documents-ttc-'));
      try {
        const collection = join(dir, 'collection.ttc');
        writeFileSync(collection, asCollection(readFileSync(LATIN_FONT)));

        expect(pdfFontAvailable(collection)).toBe(true);
        expectPdf(
          await renderPdf('guard-certificate', SAMPLES['guard-certificate'], META, collection, {
            missingGlyphs: 'allow',
          }),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  (CJK_FONT_READY ? describe : describe.skip)('with the Chinese font in DOCUMENT_FONT_FILE', () => {
    it.each(DOCUMENT_TYPES.map((type) => [type]))('renders a %s', async (type) => {
      const bytes = await renderPdf(type, SAMPLES[type], META, CJK_FONT);

      expectPdf(bytes);
      expect(bytes.length).toBeGreaterThan(2000);
    });
  });
});

/** A one-face TrueType collection (`ttcf`) wrapping a TrueType font, with its table offsets moved accordingly. */
function asCollection(font: Buffer): Buffer {
  const headerLength = 16;
  const header = Buffer.alloc(headerLength);
  header.write('ttcf', 0, 'latin1');
  header.writeUInt32BE(0x00010000, 4);
  header.writeUInt32BE(1, 8);
  header.writeUInt32BE(headerLength, 12);
  const face = Buffer.from(font);
  const tableCount = face.readUInt16BE(4);
  for (let t = 0; t < tableCount; t++) {
    const offsetField = 12 + t * 16 + 8;
    face.writeUInt32BE(face.readUInt32BE(offsetField) + headerLength, offsetField);
  }
  return Buffer.concat([header, face]);
}
