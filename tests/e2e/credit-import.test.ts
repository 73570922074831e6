import fs from 'fs';
import path from 'path';
import { demoInBrowser, loginAsStaff } from '../harness/browser';

/** The city reviewer imports a 信用中国 list from the credit records' list in the admin panel. */
const env = demoInBrowser();

it('imports a CSV list with 导入信用名单 and shows the report', async () => {
  const file = path.join(__dirname, '..', '.artifacts', 'credit-list.csv');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '统一社会信用代码,主体名称,名单类型,列入日期,有效期至,文号\n91350100M000100Y43,福建某公司,失信被执行人,2026-01-05,,（2026）闽01执1号\nBAD,坏行,失信被执行人,,,\n');

  const page = await env.browser.newPage();
  await loginAsStaff(page, env.demo.url, 'city.reviewer@shenbao.local');
  await page.goto(`${env.demo.url}/admin/content-manager/collection-types/api::credit-record.credit-record`);
  await page.getByRole('button', { name: '导入信用名单' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('credit-import-file').setInputFiles(file);
  const report = page.getByTestId('credit-import-report');
  await report.waitFor({ timeout: 30_000 });
  await expect(report.innerText()).resolves.toMatch(/接受 1 条，重复 0 条，拒绝 1 条[\s\S]*第 3 行：统一社会信用代码应为18位/);
  await page.screenshot({ path: path.join(__dirname, '..', '.artifacts', 'credit-import.png') });
  await page.close();
});
