// Unit checks of the two pure conversions the API relies on: result cells to and from their API form,
// and the state transitions a watcher is sent between two status snapshots.
import { describe, expect, it } from 'vitest';
import type { Cell, ExecutionStatus } from '../../src/engine/types';
import { fromApiCell, toApiCell } from '../../src/executions/cells';
import { lifecycleOf, transitionsBetween } from '../../src/executions/lifecycle';

describe('result cells', () => {
  const cases: [string, Cell, Cell][] = [
    ['timestamp(3)', '2024-03-20 12:12:03.374', '2024-03-20T12:12:03.374Z'],
    ['timestamp(3) with time zone', '2024-03-20 12:12:03.374 UTC', '2024-03-20T12:12:03.374Z'],
    ['bigint', '9007199254740993', '9007199254740993'],
    ['decimal(10,2)', '12.50', '12.50'],
    ['integer', 42, 42],
    ['double', 'NaN', 'NaN'],
    ['boolean', false, false],
    ['date', '2024-03-20', '2024-03-20'],
    ['varchar', '2024-03-20 12:12:03.374', '2024-03-20 12:12:03.374'], // text that looks like a time stays text
    ['array(timestamp(3))', ['2024-03-20 00:00:00.000', null], ['2024-03-20T00:00:00.000Z', null]],
    [
      'array(row(name varchar, at timestamp(3), "odd, name" timestamp(3)))',
      [{ name: 'a', at: '2024-01-02 03:04:05.006', 'odd, name': '2024-01-02 03:04:05.007' }],
      [{ name: 'a', at: '2024-01-02T03:04:05.006Z', 'odd, name': '2024-01-02T03:04:05.007Z' }],
    ],
    ['map(varchar, array(timestamp(3)))', { k: ['2024-03-20 01:02:03.000'] }, { k: ['2024-03-20T01:02:03.000Z'] }],
    ['varchar', null, null],
  ];

  it.each(cases)('%s: %j <-> %j', (type, engine, api) => {
    expect(toApiCell(engine, type)).toEqual(api);
    expect(fromApiCell(api, type)).toEqual(engine);
  });
});

describe('state transitions for watchers', () => {
  const base: ExecutionStatus = { id: 'e', state: 'QUEUED', sql: 'SELECT 1', days: 7, submittedAt: new Date(1000) };
  const running: ExecutionStatus = { ...base, state: 'RUNNING', startedAt: new Date(2000) };
  const done: ExecutionStatus = { ...running, state: 'SUCCEEDED', completedAt: new Date(3000), rowCount: 5, executionMs: 1000 };
  const cancelledQueued: ExecutionStatus = { ...base, state: 'CANCELLED', completedAt: new Date(1500) };

  it('rebuilds the states an execution went through from its timestamps', () => {
    expect(lifecycleOf(base)).toEqual(['QUEUED']);
    expect(lifecycleOf(running)).toEqual(['QUEUED', 'RUNNING']);
    expect(lifecycleOf(done)).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    expect(lifecycleOf(cancelledQueued)).toEqual(['QUEUED', 'CANCELLED']);
  });

  it('sends a late watcher every state, each as it was (no end time before the end)', () => {
    const sent = transitionsBetween(undefined, done);
    expect(sent.map((s) => s.state)).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    expect(sent[0]).toEqual(base);
    expect(sent[1]).toEqual(running);
    expect(sent[2]).toBe(done);
  });

  it('sends only what is new, and nothing when the state has not changed', () => {
    expect(transitionsBetween(base, done).map((s) => s.state)).toEqual(['RUNNING', 'SUCCEEDED']);
    expect(transitionsBetween(running, done).map((s) => s.state)).toEqual(['SUCCEEDED']);
    expect(transitionsBetween(running, { ...running })).toEqual([]);
    expect(transitionsBetween(base, cancelledQueued).map((s) => s.state)).toEqual(['CANCELLED']);
  });
});
