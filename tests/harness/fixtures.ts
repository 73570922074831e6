import fs from 'fs';
import path from 'path';
import { ROOT } from './env';

/**
 * Small real files for upload tests: each is what its type's magic bytes say, so the server's
 * content sniffing (file-type) accepts or refuses them for the right reason.
 */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A Windows executable's header: what a renamed .exe starts with. */
export const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(256, 0)]);

/** An OLE compound file header, as a Word 97 .doc starts. */
export const DOC = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024, 0)]);

/** A minimal Word document: a ZIP holding word/document.xml, as .docx files are. */
export async function docx(text = '修改意见'): Promise<Buffer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const JSZip = require('jszip');
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('word/document.xml', `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A ZIP that is not a Word document. */
export async function plainZip(): Promise<Buffer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const JSZip = require('jszip');
  const zip = new JSZip();
  zip.file('readme.txt', 'not a word file');
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** Writes a fixture to a throwaway folder and returns its path, for a browser's file input. */
export function fixtureFile(name: string, content: Buffer): string {
  const file = path.join(ROOT, 'tests', '.artifacts', 'fixtures', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}
