import fs from 'fs';
import path from 'path';
import { addCalendarDays } from '../domain/calendar';
import { shanghaiDate, shanghaiWallTime, startOfShanghaiDay } from '../domain/time';
import { ARTICLES, TASK_SPECS } from './data/content';
import type { SeedLedger } from './ensure';
import { parseConsultationText } from './policy-text';

export const CONSULTATION_SLUG = 'wuhan-data-fund-draft-2025';
export const POLICY_TEXT_PATH = path.join('src', 'seed', 'data', 'wuhan-data-fund-draft-2025.txt');

/**
 * "请于2025年4月18日前…反馈": the notice gives a day, not a time. We read it as the whole of
 * 18 April in Beijing time, the reading most favourable to the public.
 */
const CONSULTATION_DEADLINE = '2025-04-18 23:59';

async function seedConsultation(ledger: SeedLedger) {
  const text = fs.readFileSync(path.join(ledger.strapi.dirs.app.root, POLICY_TEXT_PATH), 'utf8');
  const parsed = parseConsultationText(text);
  await ledger.ensure(
    'api::consultation.consultation',
    { slug: CONSULTATION_SLUG },
    () => ({
      title: parsed.title,
      summary: parsed.body[0] ? (parsed.body[0] as any).children[0].text : '',
      body: parsed.body,
      draftTitle: parsed.draftTitle,
      draftBody: parsed.draftBody,
      issuedAt: startOfShanghaiDay(parsed.issuedOn).toISOString(),
      deadline: shanghaiWallTime(CONSULTATION_DEADLINE).toISOString(),
      issuer: parsed.issuer,
      topics: [
        { topic: 'dataset', name: '高质量数据集', phone: '027-65770039', email: 'ssjjsjzlc@163.com' },
        { topic: 'data_product', name: '数据产品', phone: '027-65771619', email: '1203063280@qq.com' },
      ],
      requireWordFile: true,
      requireSignedScan: true,
      feedbackNote: '请将修改意见的word电子版和盖章扫描件（个人签名，团体或企事业单位盖章）一并提交。',
    }),
    { publish: true },
  );
}

export async function seedDemoContent(ledger: SeedLedger, now: Date) {
  await seedConsultation(ledger);
  const today = shanghaiDate(now);
  const daysFromToday = (days: number, time: string) => shanghaiWallTime(`${addCalendarDays(today, days)} ${time}`).toISOString();
  const programs = await ledger.strapi.documents('api::program.program').findMany({ fields: ['key'] });
  const programId = (key?: string) => programs.find((program) => program.key === key)?.documentId;

  for (const spec of TASK_SPECS) {
    const { window, programKey, ...fields } = spec;
    await ledger.ensure(
      'api::task-spec.task-spec',
      { slug: spec.slug },
      () => ({
        ...fields,
        program: programId(programKey),
        opensAt: daysFromToday(-window.opensDaysAgo, '09:00'),
        closesAt: daysFromToday(window.closesInDays, '17:00'),
        formVersion: 1,
      }),
      { publish: true },
    );
  }

  for (const article of ARTICLES) {
    const { daysAgo, programKey, ...fields } = article;
    await ledger.ensure(
      'api::article.article',
      { slug: article.slug },
      () => ({
        ...fields,
        program: programId(programKey),
        issuedAt: daysFromToday(-daysAgo, '10:00'),
      }),
      { publish: true },
    );
  }
}
