const text = (value: unknown, max = 500) => {
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one.trim().slice(0, max) : '';
};

/** Only a path on this site: "/me", never "//evil.example" or "https://…" or "/\evil". */
export function safeNext(next: unknown): string | null {
  const value = text(next);
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\u0000-\u001f\\]/.test(value)) return null;
  return value;
}

