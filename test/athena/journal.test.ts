// The execution journal: survives a cut-off last line, finds entries across instances, compacts.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecutionJournal, type JournalEntry } from '../../src/athena/journal';
import { tempDir } from '../support/engine';

const entry = (i: number): JournalEntry => ({
  id: `id-${i}`,
  athenaId: `athena-${i}`,
  sql: 'SELECT 1',
  days: 7,
  user: 'alice',
  roles: ['auditor'],
  submittedAt: new Date(0).toISOString(),
});

describe('execution journal', () => {
  it('is read back by a new instance, skipping a line a crash cut short', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'athena', 'executions.jsonl');
      new ExecutionJournal(file).append(entry(1));
      appendFileSync(file, '{"id":"id-2","athen');
      const j = new ExecutionJournal(file);
      expect(j.find('id-1')).toEqual(entry(1));
      expect(j.find('id-2')).toBeUndefined();
    } finally {
      cleanup();
    }
  });

  it('keeps the newest entries when it grows past twice its size', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'executions.jsonl');
      const j = new ExecutionJournal(file, 3);
      for (let i = 1; i <= 7; i++) j.append(entry(i));
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines.map((l) => JSON.parse(l).id)).toEqual(['id-5', 'id-6', 'id-7']);
      expect(j.find('id-1')).toBeUndefined();
      expect(new ExecutionJournal(file).find('id-7')).toEqual(entry(7));
    } finally {
      cleanup();
    }
  });
});
