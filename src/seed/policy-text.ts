import type { BlockNode } from '../portal/blocks';
import { paragraphsToBlocks } from '../portal/blocks';

/**
 * Turns the bureau's published notice text into portal content. The text was extracted from a
 * PDF, so some paragraphs are cut in the middle of a sentence at page breaks; those halves are
 * joined again. Everything else is kept word for word.
 */
const CHAPTER = /^第[一二三四五六七八九十]+章/;
const SHORT_HEADING = /^([（(][一二三四五六七八九十]+[）)]|\d+[.．])\s*[^。；：:]{1,12}$/;
const ENUMERATOR = /^([（(][一二三四五六七八九十]+[）)]|\d+[.．]|第[一二三四五六七八九十]+[章条])/;
const HAN = /\p{Script=Han}/u;

const isHeading = (text: string) => CHAPTER.test(text) || SHORT_HEADING.test(text);

export function joinPageBreaks(paragraphs: string[]): string[] {
  const joined: string[] = [];
  for (const paragraph of paragraphs) {
    const previous = joined[joined.length - 1];
    const cutMidSentence =
      previous !== undefined &&
      HAN.test(previous.slice(-1)) &&
      !isHeading(previous) &&
      HAN.test(paragraph[0]) &&
      !ENUMERATOR.test(paragraph);
    if (cutMidSentence) joined[joined.length - 1] = previous + paragraph;
    else joined.push(paragraph);
  }
  return joined;
}

export interface ConsultationText {
  title: string;
  noticeParagraphs: string[];
  issuer: string;
  issuedOn: string; // YYYY-MM-DD
  draftTitle: string;
  draftBody: BlockNode[];
  body: BlockNode[];
}

const CHINESE_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;

export function parseConsultationText(text: string): ConsultationText {
  const [title, ...lines] = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const paragraphs = [title, ...joinPageBreaks(lines)];
  const dateIndex = paragraphs.findIndex((p) => CHINESE_DATE.test(p));
  if (dateIndex < 2) throw new Error('征求意见通知格式无法识别：找不到落款日期');
  const [, year, month, day] = CHINESE_DATE.exec(paragraphs[dateIndex])!;
  const noticeParagraphs = paragraphs.slice(1, dateIndex - 1);
  const draft = paragraphs.slice(dateIndex + 1);
  // The draft's title runs over two paragraphs: the name and "（征求意见稿）".
  const draftTitle = draft[1]?.startsWith('（征求意见稿') ? `${draft[0]}${draft[1]}` : draft[0];
  const draftParagraphs = draft.slice(draftTitle === draft[0] ? 1 : 2);
  return {
    title,
    noticeParagraphs,
    issuer: paragraphs[dateIndex - 1],
    issuedOn: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`,
    draftTitle,
    body: paragraphsToBlocks(noticeParagraphs.map((text) => ({ text }))),
    draftBody: paragraphsToBlocks(
      draftParagraphs.map((text) => (CHAPTER.test(text) ? { text, heading: 3 as const } : { text })),
    ),
  };
}
