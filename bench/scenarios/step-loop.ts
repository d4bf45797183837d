import diagnosticsChannel from 'node:diagnostics_channel';
import { OPERATION_CHANNEL } from '../../src/backend';
import type { Durability } from '../../src/repositories/file';
import { PROGRAM_ID } from '../fixtures';
import { type BenchContext, type ScenarioResult, fileSize, layout, scenarioDir } from '../lib/context';
import { compare, type Row } from '../lib/report';
import type { PartTimer } from '../lib/stats';
import { STEP_PARTS, StepPair } from '../lib/step-pair';

const RUNS = 7;
const STEPS = 60;
const WARMUP_STEPS = 20;
/** The targets: a strict step with a warm cache within 1.3x of its floor, relaxed 1.5x. */
const TARGETS: Record<Durability, number> = { strict: 1.3, relaxed: 1.5 };

/**
 * The CVM step (see StepPair) in each durability mode against its floor, with a warm read cache:
 * the program was saved more than SETTLED_AFTER_MS before the steps, as it is in a real run.
 */
export async function stepLoop(ctx: BenchContext): Promise<ScenarioResult> {
  const rows: Row[] = [];
  const details: Record<string, unknown> = {
    steps: `${RUNS} runs of ${STEPS} library steps alternating with ${STEPS} floor steps, after ${WARMUP_STEPS} warm-up steps, per mode`,
  };
  for (const durability of ['strict', 'relaxed'] as const) {
    const libraryDir = await scenarioDir(ctx, `step-${durability}-library`);
    const floorDir = await scenarioDir(ctx, `step-${durability}-floor`);
    const pair = await StepPair.create(libraryDir, floorDir, durability, true);
    const measured = await pair.measure(RUNS, STEPS, WARMUP_STEPS);
    const perPart = (timers: PartTimer[], part: string) => timers.map((timer) => (timer.totals.get(part) ?? 0) / STEPS);
    const scenario = `Step loop, ${durability}`;
    rows.push(
      compare(scenario, `${durability} step, warm cache`, 'ms/step', measured.library, measured.floor, TARGETS[durability]),
      ...STEP_PARTS.map((part) => compare(scenario, `- ${part}`, 'ms/call', perPart(measured.libraryTimers, part), perPart(measured.floorTimers, part))),
    );
    if (durability === 'relaxed') {
      // The same steps with a subscriber on the operation-events channel, against the steps above
      // (in the floor column): what observing every call costs.
      const listener = (): void => {};
      diagnosticsChannel.subscribe(OPERATION_CHANNEL, listener);
      try {
        const observed = await pair.measure(RUNS, STEPS, WARMUP_STEPS);
        rows.push(compare(scenario, 'relaxed step, operation events subscribed (floor: unsubscribed)', 'ms/step', observed.library, measured.library));
      } finally {
        diagnosticsChannel.unsubscribe(OPERATION_CHANNEL, listener);
      }
    }
    if (durability === 'strict') {
      Object.assign(details, {
        executionFileBytes: await fileSize(layout.execution(libraryDir, 'step-exec')),
        floorExecutionFileBytes: await fileSize(pair.floorFiles.execution),
        programFileBytes: await fileSize(layout.program(libraryDir, PROGRAM_ID)),
      });
    }
    await pair.close();
  }
  return { rows, details };
}
