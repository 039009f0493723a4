// AWS CloudTrail, Okta System Log and GitHub audit log records, from the vendors' documentation
// (test/intake/samples/README.md), imported into their views: on the embedded engine, incrementally
// and each once (also after a crash between the spool write and the import mark), and on the real
// Trino through the same view SQL (the spool written as Teleport's Athena Parquet layout).
import { mkdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCoreConfig } from '../../src/config';
import { createEngine } from '../../src/cli/compose/engine';
import { intakeSpoolDir } from '../../src/engine/intake-spool';
import type { QueryEngine } from '../../src/engine/types';
import { startIntake, type IntakeRuntime } from '../../src/intake';
import { roleSessionName, snakeKey } from '../../src/intake/sources/convert';
import { runToCompletion } from '../../src/cli/local-client';
import { writeAthenaParquet } from '../support/athena-stub/parquet';
import { openEngine, tempDir, testConfig } from '../support/engine';
import { createAuditCatalog, trinoUrl } from '../support/trino';

const SAMPLES = join(__dirname, 'samples');
const sample = (f: string) => readFileSync(join(SAMPLES, f), 'utf8');

/** The views keep a window of days up to today: the samples' dates are moved to yesterday, time of day kept. */
const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const rebaseIso = (t: string) => `${day}${t.slice(10)}`;
const rebaseMs = (ms: number) => Date.parse(`${day}${new Date(ms).toISOString().slice(10)}`);

let dir: string;
let cleanup: () => void;
let intake: IntakeRuntime;
let engine: QueryEngine;
const src = { cloudtrail: '', okta: '', github: '' };
// One person across sources: the Teleport user alice is the AWS role session my-session, the Okta
// login of the documented record and the GitHub login octocat.
const INTAKE = () => ({
  sources: src,
  identities: { users: [{ teleport_user: 'alice', aws_role_session_names: ['my-session'], okta_login: 'Admin@tc1-trexcloud.com', github_login: 'octocat' }] },
});

function writeCloudTrail(account: string, region: string, name: string, text: string) {
  const doc = JSON.parse(text) as { Records: Record<string, unknown>[] };
  for (const r of doc.Records) r.eventTime = rebaseIso(String(r.eventTime));
  const [y, m, d] = day.split('-');
  const p = join(src.cloudtrail, 'AWSLogs', account, 'CloudTrail', region, y!, m!, d!);
  mkdirSync(p, { recursive: true });
  writeFileSync(join(p, `${account}_CloudTrail_${region}_${y}${m}${d}T1835Z_${name}.json.gz`), gzipSync(JSON.stringify(doc)));
}

async function rows(e: QueryEngine, sql: string) {
  return (await runToCompletion(e, sql, 7)).rows;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('amctl-sources-'));
  for (const k of Object.keys(src) as (keyof typeof src)[]) mkdirSync((src[k] = join(dir, k)), { recursive: true });
  writeCloudTrail('222222222222', 'us-west-2', 'Mu0KsOhtH1ar15ZZ', sample('cloudtrail-delete-delivery-channel.json'));
  writeCloudTrail('111122223333', 'us-east-1', 'Xq3LsPhtA2br16YY', sample('cloudtrail-assurance-create-environment.json'));
  // Okta: the record exactly as documented (its impossible date gets it skipped) and a copy with the
  // date moved into the window.
  writeFileSync(join(src.okta, 'logs-as-documented.json'), sample('okta-user-session-start.json'));
  const okta = JSON.parse(sample('okta-user-session-start.json')) as Record<string, unknown>[];
  okta[0]!.published = `${day}T22:23:07.777Z`;
  writeFileSync(join(src.okta, 'logs-page-1.json'), JSON.stringify(okta));
  const gh = sample('github-audit-log.ndjson').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const r of gh) {
    r['@timestamp'] = rebaseMs(Number(r['@timestamp']));
    r.created_at = rebaseMs(Number(r.created_at));
  }
  writeFileSync(join(src.github, 'audit-stream.json.gz'), gzipSync(gh.map((r) => JSON.stringify(r)).join('\n') + '\n'));
  const config = testConfig(join(dir, 'data'), { intake: INTAKE() });
  intake = (await startIntake(config))!;
  engine = await openEngine(config);
});
afterAll(async () => {
  await intake?.stop();
  await engine?.close();
  cleanup();
});

describe('record conversion', () => {
  it('names keys as the views do and reads the role session from an assumed-role ARN', () => {
    expect(['eventName', 'sourceIPAddress', 'requestID', 'userIdentity', 'alternateId', '@timestamp', '_document_id', 'rawUserAgent'].map(snakeKey)).toEqual([
      'event_name', 'source_ip_address', 'request_id', 'user_identity', 'alternate_id', 'timestamp', 'document_id', 'raw_user_agent',
    ]);
    expect(roleSessionName('arn:aws:sts::111122223333:assumed-role/MyRole/my-session')).toBe('my-session');
    expect(roleSessionName('arn:aws:iam::222222222222:user/JohnDoe')).toBeUndefined();
  });
});

describe('other sources on the embedded engine', () => {
  it('imports the documented records into their views', async () => {
    const r = await intake.importSources!();
    expect(r).toMatchObject({ files: 5, filesRead: 5, records: 5, written: 5, duplicates: 0 });
    expect(r.bad).toEqual(['logs-as-documented.json: record 1: published "2017-09-31T22:23:07.777Z" is not a real date; skipped']);
    await (engine as unknown as { ingest(): Promise<unknown> }).ingest();
    expect(
      await rows(engine, `SELECT event_name, event_source, aws_region, source_ip_address, user_identity_type, user_identity_arn,
        user_identity_session_context_session_issuer_arn, user_identity_session_context_attributes_mfa_authenticated, role_session_name, event_id
        FROM cloudtrail ORDER BY event_name`),
    ).toEqual([
      ['CreateEnvironment', 'assurance.amazonaws.com', 'us-east-1', '192.0.2.0', 'AssumedRole', 'arn:aws:sts::111122223333:assumed-role/MyRole/my-session',
        'arn:aws:iam::111122223333:role/MyRole', 'false', 'my-session', null],
      ['DeleteDeliveryChannel', 'config.amazonaws.com', 'us-west-2', '10.24.34.0', 'IAMUser', 'arn:aws:iam::222222222222:user/JohnDoe', null, null, null,
        '5dcff7a9-e414-411a-a43e-88d122a0ad4a'],
    ]);
    expect(await rows(engine, 'SELECT CAST(event_time AS varchar) FROM cloudtrail ORDER BY 1')).toEqual([[`${day} 10:05:23.000`], [`${day} 18:32:57.000`]]);
    expect(
      await rows(engine, 'SELECT event_type, actor_alternate_id, actor_display_name, client_ip_address, outcome_result, authentication_context_authentication_step FROM okta_system_log'),
    ).toEqual([['user.session.start', 'admin@tc1-trexcloud.com', 'John Fung', '12.97.85.90', 'SUCCESS', 0]]);
    expect(await rows(engine, 'SELECT action, actor, affected_user, org, team, document_id FROM github_audit_log ORDER BY action')).toEqual([
      ['org.create', 'octocat', null, 'octocat-test-org', null, 'Vqvg6kZ4MYqwWRKFDzlMoQ'],
      ['team.add_member', 'octocat', 'monalisa', 'octo-corp', 'octo-corp/example-team', 'xJJFlFOhQ6b-5vaAFy9Rjw'],
    ]);
  });

  it('maps one identity across sources, so SQL can join a Teleport session with what the same person did elsewhere', async () => {
    await intake.service.receiveNdjson(
      Buffer.from(JSON.stringify({ event: 'session.start', code: 'T2000I', uid: 'ts-1', time: `${day}T10:00:00.000Z`, user: 'alice', sid: 's-1', login: 'ec2-user' }) + '\n'),
    );
    await (engine as unknown as { ingest(): Promise<unknown> }).ingest();
    expect(await rows(engine, 'SELECT event_name, teleport_user FROM cloudtrail ORDER BY event_name')).toEqual([['CreateEnvironment', 'alice'], ['DeleteDeliveryChannel', null]]);
    expect(await rows(engine, 'SELECT teleport_user FROM okta_system_log')).toEqual([['alice']]);
    expect(await rows(engine, 'SELECT action, teleport_user FROM github_audit_log ORDER BY action')).toEqual([['org.create', 'alice'], ['team.add_member', 'alice']]);
    const joined = `SELECT s.user, s.login, c.event_name, c.user_identity_arn FROM session_start s
      JOIN cloudtrail c ON c.teleport_user = s.user AND c.event_time >= s.event_time`;
    expect(await rows(engine, joined)).toEqual([['alice', 'ec2-user', 'CreateEnvironment', 'arn:aws:sts::111122223333:assumed-role/MyRole/my-session']]);
  });

  it('reads only changed files, and keeps each record once after a crash before a file was marked done', async () => {
    expect(await intake.importSources!()).toMatchObject({ filesRead: 0, written: 0 });
    // The stream grows: the file is read again, only the new event is kept.
    appendFileSync(join(src.okta, 'logs-page-2.ndjson'), JSON.stringify({ uuid: 'c0ffee00-0000-4000-8000-000000000001', published: `${day}T23:00:00.000Z`, eventType: 'user.session.end', actor: { alternateId: 'admin@tc1-trexcloud.com' } }) + '\n');
    expect(await intake.importSources!()).toMatchObject({ filesRead: 1, written: 1, duplicates: 0 });
    // A crash after the records were durable but before the marks were saved: all read again, none kept twice.
    rmSync(join(intakeSpoolDir(join(dir, 'data')), '..', 'sources-imported.json'));
    await intake.stop();
    intake = (await startIntake(testConfig(join(dir, 'data'), { intake: INTAKE() })))!;
    expect(await intake.importSources!()).toMatchObject({ filesRead: 6, written: 0, duplicates: 6 });
    await (engine as unknown as { ingest(): Promise<unknown> }).ingest();
    expect(await rows(engine, 'SELECT count(*) FROM okta_system_log')).toEqual([['2']]);
    expect(await rows(engine, 'SELECT count(*) FROM cloudtrail')).toEqual([['2']]);
  });
});

describe('other sources on Trino, same view SQL', () => {
  it('answers as the embedded engine does', async () => {
    const url = await trinoUrl();
    const parquet = join(dir, 'parquet');
    await writeAthenaParquet(intakeSpoolDir(join(dir, 'data')), parquet);
    const table = await createAuditCatalog(url, parquet);
    const trino = await createEngine(
      parseCoreConfig({ engine: 'trino', trino: { server: url, catalog: table.catalog, schema: table.schema, table: table.table } }, { dataDir: join(dir, 'trino-data'), cwd: dir }),
    );
    try {
      for (const sql of [
        'SELECT event_time, event_name, user_identity_arn, user_identity_session_context_session_issuer_user_name, role_session_name, read_only FROM cloudtrail ORDER BY event_time',
        'SELECT event_time, uuid, event_type, actor_alternate_id, client_user_agent_raw_user_agent, authentication_context_authentication_step FROM okta_system_log ORDER BY event_time',
        'SELECT event_time, action, actor, affected_user, created_at, document_id, teleport_user FROM github_audit_log ORDER BY event_time',
        `SELECT s.user, c.event_name FROM session_start s JOIN cloudtrail c ON c.teleport_user = s.user`,
      ]) {
        const want = await rows(engine, sql);
        expect(want.length).toBeGreaterThan(0);
        expect(await rows(trino, sql), sql).toEqual(want);
      }
    } finally {
      await trino.close();
      await table.drop();
    }
  }, 120_000);
});
