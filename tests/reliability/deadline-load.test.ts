import { Client } from 'pg';
import { call, twoInstances } from '../harness/instances';
import { PASSWORD } from '../harness/workflow';
import { readyDraftAt } from '../harness/materials';

/**
 * Load with a deadline (issue 9): 500 submissions in the last seconds before a call closes,
 * spread over two instances on one PostgreSQL database. Each is accepted exactly once, or
 * refused with a clear error after the close instant; none is lost, none duplicated, and a
 * refusal leaves its draft as it was. On time is decided by when the server read the request
 * (src/middlewares/received-at.ts), not by when its turn came after those before it.
 */
const N = 500;
const SPREAD_MS = 3000; // submissions land from 1.5 s before the close instant to 1.5 s after it

const instances = twoInstances(PASSWORD);

it('accepts each of 500 submissions around the close instant exactly once, or refuses it clearly after', async () => {
  const jwt = (await call(instances.a.url, 'POST', '/api/auth/local', { identifier: 'applicant@shenbao.local', password: PASSWORD })).body.jwt;
  const db = new Client({ connectionString: instances.databaseUrl });
  await db.connect();
  try {
    const { rows: [spec] } = await db.query("SELECT document_id, slug FROM task_specs WHERE slug = 'dataset-2025-batch-1' AND published_at IS NOT NULL");
    const ids: string[] = [];
    // Drafts with their files, eight at a time, on both instances.
    for (let i = 0; i < N; i += 8) {
      const batch = Array.from({ length: Math.min(8, N - i) }, (_, j) => i + j);
      ids.push(...(await Promise.all(batch.map((n) => readyDraftAt(n % 2 ? instances.b.url : instances.a.url, jwt, spec.document_id, spec.slug, `截止前申报${n}`)))));
    }

    // The call closes a little after the last draft was saved (both rows: draft and published).
    const closesAt = new Date(Date.now() + SPREAD_MS / 2 + 1000);
    await db.query('UPDATE task_specs SET closes_at = $1 WHERE document_id = $2', [closesAt, spec.document_id]);
    const startAt = closesAt.getTime() - SPREAD_MS / 2;
    const sentAt: number[] = [];
    const answers = await Promise.all(
      ids.map(async (id, i) => {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt + (i * SPREAD_MS) / N - Date.now())));
        sentAt[i] = Date.now();
        return call(i % 2 ? instances.a.url : instances.b.url, 'POST', `/api/applications/${id}/submit`, { version: 0 }, jwt);
      }),
    );

    const statuses = answers.reduce<Record<number, number>>((count, r) => ({ ...count, [r.status]: (count[r.status] ?? 0) + 1 }), {});
    console.log(`deadline load: ${N} submissions on two instances around ${closesAt.toISOString()}: ${JSON.stringify(statuses)}`);
    // Every answer is an acceptance or the clear refusal of a closed call: none lost, no 5xx.
    for (const answer of answers) {
      if (answer.status === 200) continue;
      expect(answer.status).toBe(409);
      expect(answer.body.error).toMatchObject({ message: '申报已截止，不能再提交', details: { code: 'closed' } });
    }
    // Nothing sent after the instant gets in. (What was sent just before it is on time if the
    // server read it before the instant: a saturated server reads its queue late.)
    ids.forEach((_, i) => {
      if (sentAt[i] > closesAt.getTime()) expect(answers[i].status).toBe(409);
    });
    expect(statuses[200]).toBeGreaterThan(0);
    expect(statuses[409]).toBeGreaterThan(0);

    // The database agrees with the answers: accepted once (one record, before the instant), refused untouched.
    const { rows } = await db.query(
      `SELECT a.document_id, a.state, a.version, a.submitted_at, (SELECT count(*) FROM review_records_application_lnk l WHERE l.application_id = a.id)::int AS records
       FROM applications a WHERE a.document_id = ANY($1)`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.document_id, row]));
    ids.forEach((id, i) => {
      const row = byId.get(id);
      if (answers[i].status === 200) {
        expect(row).toMatchObject({ state: 'district_review', version: 1, records: 1 });
        expect(new Date(row.submitted_at).getTime()).toBeLessThan(closesAt.getTime()); // the arrival instant
      } else {
        expect(row).toMatchObject({ state: 'draft', version: 0, records: 0, submitted_at: null });
      }
    });
    const serials = await db.query('SELECT count(*)::int AS n, count(DISTINCT serial_no)::int AS distinct FROM applications WHERE serial_no IS NOT NULL AND document_id = ANY($1)', [ids]);
    expect(serials.rows[0].n).toBe(statuses[200]);
    expect(serials.rows[0].distinct).toBe(statuses[200]);
  } finally {
    await db.end();
  }
});
