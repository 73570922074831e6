import zlib from 'zlib';

/**
 * Which detected file types (by magic bytes, as `file-type` reports them) satisfy a slot's
 * allowed extensions. Word and Excel 97 files are OLE compound files ("cfb"); OFD is a zip.
 * The extension of the uploaded name is never trusted.
 */
const DETECTED_AS: Record<string, string[]> = {
  pdf: ['pdf'],
  jpg: ['jpg'],
  jpeg: ['jpg'],
  png: ['png'],
  doc: ['cfb'],
  xls: ['cfb'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  zip: ['zip'],
  ofd: ['zip'],
};

export const acceptsDetected = (accept: string[], detectedExt: string | undefined) =>
  !!detectedExt && accept.some((allowed) => (DETECTED_AS[allowed] ?? []).includes(detectedExt));

/** A display name without any path: "../../etc/passwd" is stored as "passwd". */
export const safeFileName = (name: string) =>
  (String(name ?? '').split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f<>:"|?*]/g, '_').slice(0, 200) || '未命名文件';

/**
 * PDF features that run something when the file is opened: scripts (/JavaScript, /JS), launching
 * programs, embedded files, XFA forms, form submission. A scanned certificate needs none of them,
 * and a staff member opens these files inline, so a PDF that has one is refused. Names may be
 * written with #xx escapes, and may sit inside compressed object streams: both are looked at.
 */
const ACTIVE_PDF_NAME = /\/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData|GoToE)(?![A-Za-z0-9])/;
/** Inflated bytes looked at per file at most, so that a compressed bomb costs no more than this. */
const INFLATE_BUDGET = 32 * 1024 * 1024;

const unescapeNames = (text: string) => text.replace(/\/[^\s/<>[\]()%]+/g, (name) => name.replace(/#([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))));

export function pdfActiveContent(content: Buffer): string | null {
  const text = content.toString('latin1');
  const plain = unescapeNames(text).match(ACTIVE_PDF_NAME);
  if (plain) return plain[1];
  let budget = INFLATE_BUDGET;
  const streams = /stream\r?\n/g;
  for (let match = streams.exec(text); match && budget > 0; match = streams.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end === -1) break;
    try {
      const inflated = zlib.inflateSync(content.subarray(start, end), { maxOutputLength: budget });
      budget -= inflated.length;
      const found = unescapeNames(inflated.toString('latin1')).match(ACTIVE_PDF_NAME);
      if (found) return found[1];
    } catch (error) {
      // Not deflated (an image, say): nothing to read. Over the budget: stop reading.
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') budget = 0;
    }
    streams.lastIndex = end;
  }
  return null;
}
