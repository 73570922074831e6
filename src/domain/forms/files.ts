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

/**
 * Characters that change how a name reads without being seen: controls (C0, DEL, C1), the
 * bidirectional marks and overrides (an RLO turns "发票\u202Efdp.exe" into "发票exe.pdf" on
 * screen), zero-width characters, line separators and the byte-order mark.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const MAX_NAME = 200;

/** A display name without any path or invisible character: "../../etc/passwd" is stored as "passwd". */
export function safeFileName(name: string) {
  const base = (String(name ?? '').split(/[\\/]/).pop() ?? '').replace(INVISIBLE, '').replace(/[<>:"|?*]/g, '_').trim().replace(/^\.+/, '');
  return Array.from(base).slice(0, MAX_NAME).join('') || '未命名文件';
}

/** The extensions each detected type is known by; the first is used when the name has none of them. */
const EXTENSIONS_OF: Record<string, string[]> = {
  pdf: ['pdf'],
  jpg: ['jpg', 'jpeg'],
  png: ['png'],
  cfb: ['doc', 'xls'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  zip: ['zip', 'ofd'],
};

/**
 * The name an attachment is kept and shown under: safe, and with the extension of the type its
 * content was recognised as, so that nobody downloads "合同.exe" that is a PDF, or "照片.png"
 * that is a JPEG, and opens it with the wrong program. A name's extension of the right family
 * is kept (lower-cased); a wrong one is replaced; a name without one gets one.
 */
export function storedFileName(name: string, detectedExt: string) {
  const safe = safeFileName(name);
  const family = EXTENSIONS_OF[detectedExt] ?? [detectedExt];
  const match = /^(.+)\.([A-Za-z0-9]{1,8})$/.exec(safe);
  const [stem, ext] = match ? [match[1], match[2].toLowerCase()] : [safe, ''];
  const chosen = family.includes(ext) ? ext : family[0];
  const suffix = `.${chosen}`;
  return `${Array.from(stem).slice(0, MAX_NAME - suffix.length).join('')}${suffix}`;
}

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
