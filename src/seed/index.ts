import type { Core } from '@strapi/strapi';
import { DemoLogin, seedAccounts } from './accounts';
import { seedDemoContent } from './content';
import { SeedLedger } from './ensure';
import { seedReferenceData } from './reference';

export interface SeedOptions {
  /** the password of every demo login created by this run */
  password: string;
  now?: Date;
}

export interface SeedResult {
  created: Record<string, number>;
  logins: DemoLogin[];
}

/**
 * Seeds reference data (districts, calendar, programmes), the demo content (the consultation
 * notice, calls, notices) and one login per staff role plus a demo applicant. Safe to run again:
 * nothing that exists is duplicated or overwritten.
 */
export async function seed(strapi: Core.Strapi, options: SeedOptions): Promise<SeedResult> {
  const ledger = new SeedLedger(strapi);
  await seedReferenceData(ledger);
  await seedDemoContent(ledger, options.now ?? new Date());
  const { staff, applicant } = await seedAccounts(ledger, options.password);
  return { created: ledger.created, logins: [...staff, applicant] };
}
