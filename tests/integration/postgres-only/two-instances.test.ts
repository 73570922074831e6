import { Client } from 'pg';
import { twoInstances } from '../../harness/instances';
import { readyDraftAt } from '../../harness/materials';

/**
 * The same applications approved at the same moment through two Strapi processes on one
 * PostgreSQL database: each gets exactly one transition and one review record; the loser gets 409.
 */
const PASSWORD = 'Two-Instances-2026';
const N = 12;

const post = async (base: string, path: string, body: unknown, token?: string) => {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
};

const instances = twoInstances(PASSWORD);

it('gives exactly one transition per application when two instances race', async () => {
  const login = await post(instances.a.url, '/api/auth/local', { identifier: 'applicant@shenbao.local', password: PASSWORD });
  const jwt = login.body.jwt;
  const calls = await (await fetch(`${instances.a.url}/api/applications`, { headers: { Authorization: `Bearer ${jwt}` } })).json();
  expect(calls.data).toEqual([]);

  const db = new Client({ connectionString: instances.databaseUrl });
  await db.connect();
  try {
    const taskSpec = (await db.query(`SELECT document_id FROM task_specs WHERE slug = 'dataset-2025-batch-1' AND published_at IS NOT NULL`)).rows[0].document_id;
    const documentIds: string[] = [];
    for (let i = 0; i < N; i += 1) {
      const id = await readyDraftAt(instances.a.url, jwt, taskSpec, 'dataset-2025-batch-1', `并发测试${i}`);
      const submitted = await post(i % 2 ? instances.b.url : instances.a.url, `/api/applications/${id}/submit`, { version: 0 }, jwt);
      expect(submitted.status).toBe(200);
      documentIds.push(id);
    }

    // The same reviewer, signed in on both instances.
    const tokenA = (await post(instances.a.url, '/admin/login', { email: 'district.reviewer@shenbao.local', password: PASSWORD })).body.data.token;
    const tokenB = (await post(instances.b.url, '/admin/login', { email: 'district.reviewer@shenbao.local', password: PASSWORD })).body.data.token;

    const outcomes = await Promise.all(
      documentIds.map(async (id) => {
        const body = { action: 'recommend', version: 1, opinion: '同意推荐' };
        const [first, second] = await Promise.all([
          post(instances.a.url, `/shenbao/applications/${id}/transitions`, body, tokenA),
          post(instances.b.url, `/shenbao/applications/${id}/transitions`, body, tokenB),
        ]);
        return [first.status, second.status].sort();
      }),
    );
    expect(outcomes).toEqual(documentIds.map(() => [200, 409]));

    const counts = await db.query(
      `SELECT a.document_id, a.state, a.version, COUNT(l.review_record_id)::int AS records
         FROM applications a JOIN review_records_application_lnk l ON l.application_id = a.id
        WHERE a.document_id = ANY($1) GROUP BY a.id`,
      [documentIds],
    );
    expect(counts.rows).toHaveLength(N);
    for (const row of counts.rows) expect(row).toMatchObject({ state: 'city_review', version: 2, records: 2 });
  } finally {
    await db.end();
  }
});
