// The lane scheduler on its own: slots per lane, fair order between users, per-user caps, positions.
import { describe, expect, it } from 'vitest';
import { LaneScheduler, type LaneName } from '../../src/engine/lanes';

/** Jobs that run until released by hand, recording the order they started in. */
function harness(slots: Record<LaneName, number>) {
  const lanes = new LaneScheduler(slots);
  const startedOrder: string[] = [];
  const release = new Map<string, () => void>();
  const add = (id: string, user: string, lane: LaneName = 'heavy', maxRunningForUser?: number) =>
    lanes.add({
      id,
      user,
      lane,
      maxRunningForUser,
      run: () =>
        new Promise<void>((resolve) => {
          startedOrder.push(id);
          release.set(id, resolve);
        }),
    });
  const finish = async (id: string) => {
    release.get(id)!();
    await new Promise((r) => setImmediate(r));
  };
  return { lanes, startedOrder, add, finish };
}

describe('LaneScheduler', () => {
  it('fills each lane up to its own slots: a full heavy lane leaves the light slots free', () => {
    const h = harness({ light: 2, heavy: 1 });
    h.add('h1', 'a');
    h.add('h2', 'a');
    h.add('l1', 'b', 'light');
    h.add('l2', 'b', 'light');
    h.add('l3', 'b', 'light');
    expect(h.startedOrder).toEqual(['h1', 'l1', 'l2']);
    expect(h.lanes.counts()).toEqual({ light: { running: 2, queued: 1, slots: 2 }, heavy: { running: 1, queued: 1, slots: 1 } });
  });

  it("orders a lane by the user's queries in flight, then by who was served longest ago, then by arrival", async () => {
    const h = harness({ light: 1, heavy: 1 });
    h.add('a1', 'anna');
    h.add('a2', 'anna');
    h.add('a3', 'anna');
    h.add('b1', 'ben');
    h.add('c1', 'cleo');
    h.add('b2', 'ben');
    // anna has a1 running: ben's and cleo's first queries go before her second, and ben's second
    // (he has had nothing yet) before it too.
    expect(['b1', 'c1', 'b2', 'a2', 'a3'].map((id) => h.lanes.position(id))).toEqual([1, 2, 3, 4, 5]);
    // Once a1 ends, everyone has nothing running: the users not served yet go first, then anna.
    await h.finish('a1');
    await h.finish('b1');
    await h.finish('c1');
    await h.finish('a2');
    await h.finish('b2');
    expect(h.startedOrder).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  });

  it('keeps a capped user queued while others pass, and starts them once one of theirs ends', async () => {
    const h = harness({ light: 3, heavy: 1 });
    h.add('a1', 'anna', 'light', 1);
    h.add('a2', 'anna', 'light', 1);
    h.add('b1', 'ben', 'light', 1);
    expect(h.startedOrder).toEqual(['a1', 'b1']);
    expect(h.lanes.position('a2')).toBe(1);
    await h.finish('a1');
    expect(h.startedOrder).toEqual(['a1', 'b1', 'a2']);
  });

  it('takes a queued job out, and moves a running one to another lane, freeing its slot', async () => {
    const h = harness({ light: 1, heavy: 1 });
    h.add('l1', 'a', 'light');
    h.add('l2', 'b', 'light');
    h.add('l3', 'c', 'light');
    expect(h.lanes.remove('l2')).toBe(true);
    expect(h.lanes.remove('l1')).toBe(false); // running: not in the queue
    expect(h.lanes.position('l3')).toBe(1);
    h.lanes.move('l1', 'heavy');
    expect(h.startedOrder).toEqual(['l1', 'l3']);
    expect(h.lanes.laneOf('l1')).toBe('heavy');
    expect(h.lanes.counts().heavy.running).toBe(1);
    h.add('h1', 'd');
    expect(h.lanes.position('h1')).toBe(1); // the moved query holds the heavy slot
    await h.finish('l1');
    expect(h.startedOrder).toEqual(['l1', 'l3', 'h1']);
  });

  it('resolves onIdle once nothing runs; clear drops what waits', async () => {
    const h = harness({ light: 1, heavy: 1 });
    h.add('a', 'x', 'light');
    h.add('b', 'x', 'light');
    h.lanes.clear();
    let idle = false;
    const p = h.lanes.onIdle().then(() => (idle = true));
    await new Promise((r) => setImmediate(r));
    expect(idle).toBe(false);
    await h.finish('a');
    await p;
    expect(h.startedOrder).toEqual(['a']);
  });
});
