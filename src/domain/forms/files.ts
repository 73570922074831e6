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
