import { Client } from 'pg';
import { call, twoInstances } from '../../harness/instances';
import { readyDraftAt } from '../../harness/materials';

/**
 * The 公示 closing job on two Strapi processes sharing one PostgreSQL database, both running it
 * every second: each application of an ended 公示 advances exactly once, with one record.
 */
const PASSWORD = 'Two-Instances-2026';
const N = 8;
const EVERY_SECOND = { CRON_ENABLED: 'true', PUBLICITY_CLOSE_RULE: '* * * * * *' };

const instances = twoInstances(PASSWORD, EVERY_SECOND);

it('advances each application of an ended 公示 exactly once', async () => {
  const jwt = (await call(instances.a.url, 'POST', '/api/auth/local', { identifier: 'applicant@shenbao.local', password: PASSWORD })).body.jwt;
  const staff = async (email: string) => (await call(instances.a.url, 'POST', '/admin/login', { email, password: PASSWORD })).body.data.token as string;
  const [district, city] = [await staff('district.reviewer@shenbao.local'), await staff('city.reviewer@shenbao.local')];
  const db = new Client({ connectionString: instances.databaseUrl });
  await db.connect();
  try {
    const taskSpec = (await db.query(`SELECT document_id FROM task_specs WHERE slug = 'dataset-2025-batch-1' AND published_at IS NOT NULL`)).rows[0].document_id;
    const ids: string[] = [];
    for (let i = 0; i < N; i += 1) {
      const id = await readyDraftAt(instances.a.url, jwt, taskSpec, 'dataset-2025-batch-1', `定时任务测试${i}`);
      expect((await call(instances.a.url, 'POST', `/api/applications/${id}/submit`, { version: 0 }, jwt)).status).toBe(200);
      expect((await call(instances.b.url, 'POST', `/shenbao/applications/${id}/transitions`, { action: 'recommend', version: 1, opinion: '同意' }, district)).status).toBe(200);
      expect((await call(instances.a.url, 'POST', `/shenbao/applications/${id}/transitions`, { action: 'confirm', version: 2, opinion: '确认' }, city)).status).toBe(200);
      ids.push(id);
    }
    const started = await call(instances.b.url, 'POST', '/shenbao/bulk/publicity', { kind: 'entity_publicity', applications: ids }, city);
    expect(started.status).toBe(200);
    // The period passes: the batch's end instant moves into the past, and both instances' jobs see it.
    await db.query(`UPDATE publicities SET ends_at = now() - interval '1 minute' WHERE document_id = $1`, [started.body.data.documentId]);

    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM applications WHERE document_id = ANY($1) AND state = 'construction'`, [ids]);
      if (rows[0].n === N) break;
      if (Date.now() > deadline) throw new Error(`only ${rows[0].n} of ${N} advanced`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // A few more ticks of both jobs, which must find nothing left to do.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const { rows } = await db.query(
      `SELECT a.document_id, a.version, count(*) FILTER (WHERE r.action = 'publicity_passed')::int AS passed
         FROM applications a JOIN review_records_application_lnk l ON l.application_id = a.id JOIN review_records r ON r.id = l.review_record_id
        WHERE a.document_id = ANY($1) GROUP BY a.id`,
      [ids],
    );
    expect(rows).toHaveLength(N);
    for (const row of rows) expect(row).toMatchObject({ passed: 1, version: 5 });
    expect((await db.query(`SELECT phase FROM publicities WHERE document_id = $1`, [started.body.data.documentId])).rows[0].phase).toBe('closed');
  } finally {
    await db.end();
  }
});
