import { formatTable, measuredRow, notMeasuredRow } from '../../bench/lib/report';
import { printTargets } from '../../bench/lib/targets';
import { stepMeasure } from '../../bench/scenarios/yardstick-steps';
import { pageMeasure } from '../../bench/scenarios/fresh-reads';

describe('bench rows and targets', () => {
  it('takes the ratio against the floor by default, and against SQLite when asked', () => {
    const floorRow = measuredRow('s', 'm', 'ms', { library: [3, 2, 4], floor: [2, 1, 2], sqlite: [1], target: 1.25 });
    expect(floorRow.ratio).toBe(1.5);
    expect(floorRow.met).toBe(false);
    const sqliteRow = measuredRow('s', 'm', 'ms', { library: [5], floor: [100], sqlite: [1], against: 'SQLite', target: 10 });
    expect(sqliteRow.ratio).toBe(5);
    expect(sqliteRow.met).toBe(true);
  });

  it('checks a difference target as library minus yardstick, and an absolute one on the maximum', () => {
    const startup = measuredRow('s', 'm', 'ms', { library: [400, 420, 410], floor: [250, 260, 255], target: 150, targetKind: 'difference' });
    expect(startup.ratio).toBe(155);
    expect(startup.met).toBe(false);
    const commands = measuredRow('s', 'm', 'commands', { library: [5, 5, 6], target: 5, targetKind: 'absolute' });
    expect(commands.ratio).toBe(6);
    expect(commands.met).toBe(false);
  });

  it('leaves the ratio out when the yardstick cost nothing', () => {
    expect(measuredRow('s', 'm', 'ms', { library: [1], floor: [0] }).ratio).toBeUndefined();
  });

  it('prints a row it could not measure as not measured, never met', () => {
    const row = notMeasuredRow('MongoDB', 'step', 'ms/step', 'no server', { target: 1.2 });
    expect(row.met).toBeUndefined();
    expect(formatTable([row])).toContain('not measured: no server');
  });

  it('adds the SQLite column only when a row has SQLite', () => {
    expect(formatTable([measuredRow('s', 'm', 'ms', { library: [1], floor: [1] })])).not.toContain('SQLite');
    expect(formatTable([measuredRow('s', 'm', 'ms', { library: [1], floor: [1], sqlite: [0.5] })])).toContain('| SQLite median (min-max) |');
  });

  it('lists every target of issue 23 with its verdict, a missing one with the command that runs it', () => {
    const rows = [
      measuredRow('Step', stepMeasure('strict', '1 KB state'), 'ms/step', { library: [1.2], floor: [1], target: 1.25 }),
      measuredRow('Reads', pageMeasure(20_000, 'fresh process'), 'ms', { library: [30], sqlite: [1], against: 'SQLite', target: 10 }),
    ];
    const text = printTargets(rows);
    expect(text).toContain('- strict step, 1 KB state, against the strict floor: met (1.20x, target <= 1.25x)');
    expect(text).toContain('- page of 50 at 20,000, fresh process, against SQLite: MISSED (30.00x SQLite, target <= 10x SQLite)');
    expect(text).toContain('page of 50 at 100,000, fresh process, against SQLite: not run in this invocation (BENCH_ONLY=reads23 BENCH_LARGE=1)');
    expect(text).not.toContain('issues 14 and 22');
  });
});
