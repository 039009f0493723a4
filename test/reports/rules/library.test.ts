// The built-in rule library passes its own tests, on one throwaway embedded engine (real DuckDB, the
// test events ingested as a log file), and the test runner fails a rule whose positive test does not
// fire, naming the rule, the test and what came out.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openScratchEngine, type ScratchEngine } from '../../../src/engine/duckdb/scratch';
import { buildLibrary, loadLibrary, loadRuleDir } from '../../../src/reports/rules/library';
import { parseRule, RuleError } from '../../../src/reports/rules/parse';
import { runLibraryTests, runRuleTest } from '../../../src/reports/rules/testing';
import { tempDir } from '../../support/engine';

let bench: ScratchEngine;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  bench = await openScratchEngine();
  tmp = tempDir('amctl-rules-');
});
afterAll(async () => {
  await bench.close();
  tmp.cleanup();
});

const failedLogin = (user: string, time: string) => ({ event: 'user.login', code: 'T1000W', user, success: false, method: 'local', time });

function teamRule(overrides: Record<string, unknown> = {}) {
  return {
    id: 'acme.root_on_db_hosts',
    title: 'Root on database hosts',
    description: 'Root sessions on hosts named db-*.',
    severity: 'high',
    runbook: 'Ask the user why.',
    entity: { kind: 'host', column: 'server_hostname' },
    sql: "SELECT server_hostname, event_time, uid FROM session_start WHERE login = 'root' AND server_hostname LIKE 'db-%' AND event_time >= {{since}} AND event_time < {{until}}",
    tests: [
      { name: 'root on db-1', fires: true, entities: ['db-1'], events: [{ event: 'session.start', user: 'bob', login: 'root', server_hostname: 'db-1' }] },
      { name: 'root on web-1', fires: false, events: [{ event: 'session.start', user: 'bob', login: 'root', server_hostname: 'web-1' }] },
    ],
    ...overrides,
  };
}

describe('built-in rules', () => {
  const library = loadLibrary({ builtin: true });

  it('ship at least 30 rules of every kind, each with MITRE ids and a runbook', () => {
    expect(library.rules.length).toBeGreaterThanOrEqual(30);
    expect(new Set(library.rules.map((r) => r.kind))).toEqual(new Set(['match', 'threshold', 'new_terms', 'sequence']));
    for (const r of library.rules) {
      expect(r.mitre.techniques.length, r.id).toBeGreaterThan(0);
      expect(r.runbook.length, r.id).toBeGreaterThan(40);
    }
    // Every view a rule reads exists: the parse of each rule's SQL is checked by running its tests below.
    const ids = library.rules.map((r) => r.id);
    for (const panther of ['auth_errors', 'company_domain_login_without_saml', 'user_accounts_modified_in_session', 'local_login_without_mfa', 'long_lived_certificate', 'lock_created', 'network_scanning', 'role_created', 'root_login', 'saml_connector_created', 'saml_login_not_company_domain', 'scheduled_jobs', 'suspicious_commands']) {
      expect(ids).toContain(`teleport.${panther}`);
    }
  });

  it('pass every one of their tests', { timeout: 240_000 }, async () => {
    const outcomes = await runLibraryTests(bench, library);
    expect(outcomes.filter((o) => !o.ok).map((o) => `${o.rule} / ${o.test}: ${o.detail}`)).toEqual([]);
    const positives = library.rules.reduce((n, r) => n + r.tests.filter((t) => t.fires).length, 0);
    expect(outcomes.filter((o) => o.detail.startsWith('fired:'))).toHaveLength(positives);
  });

  it('the MFA rule fires on a real user.login event (success is a boolean, not the string "true")', async () => {
    const rule = library.get('teleport.local_login_without_mfa')!;
    const out = await runRuleTest(bench, rule, { name: 'boolean success', fires: true, events: [{ event: 'user.login', user: 'breakglass', success: true, method: 'local' }] }, library);
    expect(out).toMatchObject({ ok: true, detail: 'fired: breakglass (1 event)' });
  });
});

describe('rule tests', () => {
  it('fail a rule whose positive test does not fire, naming the rule, the test and what came out', async () => {
    const broken = parseRule(teamRule({ sql: "SELECT server_hostname, event_time, uid FROM session_start WHERE login = 'admin' AND event_time >= {{since}} AND event_time < {{until}}" }), 'team/broken.yaml', 'team');
    const [pos, neg] = await runLibraryTests(bench, buildLibrary([broken]));
    expect(pos).toMatchObject({ rule: 'acme.root_on_db_hosts', file: 'team/broken.yaml', test: 'root on db-1', ok: false });
    expect(pos!.detail).toBe('expected the rule to fire; it stayed quiet (its SQL returned 0 events)');
    expect(neg).toMatchObject({ ok: true });
  });

  it('fail a rule that fires on its negative test, and report a query that does not parse', async () => {
    const loose = parseRule(teamRule({ sql: "SELECT server_hostname, event_time, uid FROM session_start WHERE login = 'root' AND event_time >= {{since}}" }), 'team/loose.yaml', 'team');
    const [, neg] = await runLibraryTests(bench, buildLibrary([loose]));
    expect(neg).toMatchObject({ ok: false, detail: 'expected no finding; it fired on web-1 (1 event)' });
    const bad = parseRule(teamRule({ sql: 'SELECT nope FROM no_such_view WHERE event_time >= {{since}}' }), 'team/bad.yaml', 'team');
    const [out] = await runLibraryTests(bench, buildLibrary([bad]));
    expect(out!.ok).toBe(false);
    expect(out!.detail).toMatch(/^error: rule acme\.root_on_db_hosts: /);
    expect(out!.detail).toMatch(/no_such_view/);
  });

  it('refuse a rule without a positive test, with unknown keys, or without {{since}}', () => {
    const t = teamRule();
    expect(() => parseRule({ ...t, tests: [t.tests[1]] }, 'a.yaml', 'team')).toThrow(/a\.yaml \(acme\.root_on_db_hosts\)\.tests has no test that must fire/);
    expect(() => parseRule({ ...t, tests: [t.tests[0]] }, 'a.yaml', 'team')).toThrow(/no test that must stay quiet/);
    expect(() => parseRule({ ...t, severty: 'high' }, 'a.yaml', 'team')).toThrow(/unknown key severty/);
    expect(() => parseRule({ ...t, sql: 'SELECT 1' }, 'a.yaml', 'team')).toThrow(RuleError);
    expect(() => parseRule({ ...t, kind: 'threshold' }, 'a.yaml', 'team')).toThrow(/threshold must be a mapping/);
  });

  it('a threshold counts within the window only, and a team override changes it', async () => {
    const dir = join(tmp.dir, 'team');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'overrides.yaml'), stringify({ overrides: { 'teleport.brute_force_user': { threshold: 3, severity: 'critical' }, 'teleport.root_login': { enabled: false } } }));
    const lib = loadLibrary({ builtin: true, dir });
    const rule = lib.get('teleport.brute_force_user')!;
    expect(rule).toMatchObject({ severity: 'critical', threshold: { count: 3 }, overridden: ['severity: critical', 'threshold: 3'] });
    expect(lib.get('teleport.root_login')!.enabled).toBe(false);
    const three = ['10:00', '10:05', '10:10'].map((m) => failedLogin('zed', `2026-03-02T${m}:00Z`));
    expect((await runRuleTest(bench, rule, { name: 'three in ten minutes', fires: true, events: three }, lib)).detail).toBe('fired: zed (3 events)');
    const builtin = loadLibrary({ builtin: true }).get('teleport.brute_force_user')!;
    expect((await runRuleTest(bench, builtin, { name: 'three is under five', fires: false, events: three }, lib)).ok).toBe(true);
    writeFileSync(join(dir, 'overrides.yaml'), stringify({ overrides: { 'teleport.nope': { enabled: false } } }));
    expect(() => loadLibrary({ builtin: true, dir })).toThrow(/overrides\.teleport\.nope: no such rule/);
    writeFileSync(join(dir, 'overrides.yaml'), stringify({ overrides: { 'teleport.root_login': { threshold: 2 } } }));
    expect(() => loadLibrary({ builtin: true, dir })).toThrow(/teleport\.root_login is a match rule, it has no threshold/);
  });

  it('a team rule with a built-in id is refused, pointing at overrides', () => {
    const dir = join(tmp.dir, 'dup');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'root.yaml'), stringify(teamRule({ id: 'teleport.root_login' })));
    expect(loadRuleDir(dir, 'team').rules).toHaveLength(1);
    expect(() => loadLibrary({ builtin: true, dir })).toThrow(/rule teleport\.root_login is defined twice.*override it in overrides\.yaml/);
  });
});
