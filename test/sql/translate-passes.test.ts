// The translator's two passes: the first collects the rewrite templates a query needs, the second
// rewrites. A rewrite may pick its template by what an argument became in the second pass (a call of a
// typed view column, rewritten for real there), so the second pass prepares what the first did not
// foresee. Its own file: the template cache is per module, and other tests would have filled it.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog';
import { translateToDuckDb } from '../../src/sql';

const columnTypes = new Map(loadCatalog().views.flatMap((v) => v.columns.map((c) => [c.name, c.type] as const)));

describe('translation passes', () => {
  it("concat('%', substr(user, ...)) over a typed view column, as the SAML detection rules write it", async () => {
    const sql = "SELECT user FROM user_login WHERE cluster_name LIKE concat('%', substr(user, strpos(user, '@') + 1))";
    const t = await translateToDuckDb(sql, { columnTypes });
    expect(t.sql).toContain("'%' || __am_substr(__am_user");
    expect(t.sql).not.toMatch(/__am_pending/);
  });
});
