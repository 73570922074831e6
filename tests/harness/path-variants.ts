import fc from 'fast-check';

/**
 * Spellings of one path: the transformations an attacker tries to slip a request past a rule
 * that compares strings (issue 20). Whether Strapi's router sends a spelling to the same handler
 * is for the server to say; the tests send each one and check the rule, or that nothing ran.
 */
export type Transformation =
  | { kind: 'flipCase'; segment: number; char: number }
  | { kind: 'upperSegment'; segment: number }
  | { kind: 'percentEncode'; segment: number; char: number; lowerHex: boolean }
  | { kind: 'separator'; before: number; as: '//' | '/./' | '/x/../' | '%2F' | '\\' }
  | { kind: 'suffix'; as: '/' | '//' | '?v=1' | '#f' | ';v=1' | '.' | '%20' | '%2F' };

interface Spelled {
  /** per segment, its characters (each possibly already escaped) */
  segments: string[][];
  /** the separator in front of each segment */
  separators: string[];
  suffix: string;
}

const parse = (path: string): Spelled => {
  const segments = path.split('/').slice(1).map((segment) => [...segment]);
  return { segments, separators: segments.map(() => '/'), suffix: '' };
};

const render = ({ segments, separators, suffix }: Spelled) => segments.map((chars, i) => separators[i] + chars.join('')).join('') + suffix;

const flip = (c: string) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase());
const escape = (c: string, lowerHex: boolean) => {
  const hex = `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`;
  return lowerHex ? hex.toLowerCase() : hex;
};

function apply(spelled: Spelled, t: Transformation): Spelled {
  const segments = spelled.segments.map((chars) => [...chars]);
  const separators = [...spelled.separators];
  let { suffix } = spelled;
  const at = (n: number, length: number) => ((n % length) + length) % length;
  switch (t.kind) {
    case 'flipCase': {
      const chars = segments[at(t.segment, segments.length)];
      if (chars.length) {
        const i = at(t.char, chars.length);
        if (chars[i].length === 1) chars[i] = flip(chars[i]);
      }
      break;
    }
    case 'upperSegment': {
      const s = at(t.segment, segments.length);
      segments[s] = segments[s].map((c) => (c.length === 1 ? c.toUpperCase() : c));
      break;
    }
    case 'percentEncode': {
      const chars = segments[at(t.segment, segments.length)];
      if (chars.length) {
        const i = at(t.char, chars.length);
        if (chars[i].length === 1) chars[i] = escape(chars[i], t.lowerHex);
      }
      break;
    }
    case 'separator': {
      // never in front of the first segment: a target must begin with "/" to be one at all
      const s = at(t.before, segments.length);
      if (s > 0 || t.as === '//' || t.as === '/./' || t.as === '/x/../') separators[s] = t.as;
      break;
    }
    case 'suffix':
      suffix += t.as;
      break;
  }
  return { segments, separators, suffix };
}

export const spell = (path: string, transformations: Transformation[]) => render(transformations.reduce(apply, parse(path)));

const SEPARATORS = ['//', '/./', '/x/../', '%2F', '\\'] as const;
const SUFFIXES = ['/', '//', '?v=1', '#f', ';v=1', '.', '%20', '%2F'] as const;

/** Every single transformation of the path, each once. */
export function singleVariants(path: string): string[] {
  const { segments } = parse(path);
  const all: Transformation[] = [];
  segments.forEach((chars, segment) => {
    all.push({ kind: 'upperSegment', segment });
    chars.forEach((_, char) => all.push({ kind: 'flipCase', segment, char }, { kind: 'percentEncode', segment, char, lowerHex: false }, { kind: 'percentEncode', segment, char, lowerHex: true }));
    for (const as of SEPARATORS) all.push({ kind: 'separator', before: segment, as });
  });
  for (const as of SUFFIXES) all.push({ kind: 'suffix', as });
  return [...new Set(all.map((t) => spell(path, [t])))].filter((variant) => variant !== path);
}

/** Two to five transformations in a row, for fast-check. */
export const transformations: fc.Arbitrary<Transformation[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('flipCase' as const), segment: fc.nat(), char: fc.nat() }),
    fc.record({ kind: fc.constant('upperSegment' as const), segment: fc.nat() }),
    fc.record({ kind: fc.constant('percentEncode' as const), segment: fc.nat(), char: fc.nat(), lowerHex: fc.boolean() }),
    fc.record({ kind: fc.constant('separator' as const), before: fc.nat(), as: fc.constantFrom(...SEPARATORS) }),
    fc.record({ kind: fc.constant('suffix' as const), as: fc.constantFrom(...SUFFIXES) }),
  ),
  { minLength: 2, maxLength: 5 },
);
