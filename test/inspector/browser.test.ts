import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';
import { transpileFolders, type TranspiledFolders } from '../support/transpiled-folders';
import { startInspector, type RunningInspector } from './inspector-server';
import { HOSTILE, SEEDED, seedInspectorStore } from './seed-inspector-store';

const run = promisify(execFile);
const CHROMIUM = process.env.CVM_CHROMIUM ?? '/usr/bin/chromium';
/** With CVM_UI_SCREENSHOTS=1 (`npm run screenshots`) each page is saved under docs/ui/. */
const SCREENSHOTS = process.env.CVM_UI_SCREENSHOTS === '1' ? path.resolve(__dirname, '../../docs/ui') : null;
/**
 * The heap of 5,000 objects, from opening the page to its heap drawn: measured at 1.0 to 1.8 s on
 * a 2-core machine shared with other test runs (docs/inspector.md); the bound is a generous multiple of that.
 */
const HEAP_RENDER_BOUND_MS = 10_000;

jest.setTimeout(60_000);

let dataDir: string;
let inspector: RunningInspector;
let browser: Browser;
let page: Page;
let dialogs: string[];
let library: TranspiledFolders;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`the inspector's browser tests need Chromium at ${CHROMIUM}: apt-get install chromium, or set CVM_CHROMIUM to a Chromium binary`);
  library = transpileFolders(['src', 'test/inspector']);
  dataDir = makeTempDir('cvm-inspector-');
  await seedInspectorStore(dataDir);
  inspector = await startInspector(dataDir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await inspector?.close();
  if (dataDir) removeTempDir(dataDir);
  library?.remove();
});

beforeEach(async () => {
  dialogs = [];
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

afterEach(async () => {
  await page.close();
});

/** Opens a page of the inspector and waits until it has rendered. */
async function open(hash: string): Promise<void> {
  await page.goto(`${inspector.url}${hash}`);
  await page.waitForSelector(`body[data-ready="${hash}"]`);
}

async function screenshot(name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const text = (selector: string) => page.locator(selector).innerText();

describe('the inspector in a browser', () => {
  it('lists the executions with state, program, times, pc and output length, marks the current one and counts by state', async () => {
    await open('#/executions');
    const rows = page.locator('#executions tbody tr');
    expect(await rows.count()).toBe(3);
    const paused = await text(`tr[data-id="${SEEDED.paused}"]`);
    expect(paused).toContain('AWAITING_COGNITIVE_RESULT');
    expect(paused).toContain(SEEDED.program);
    expect(paused).toContain('2026-01-05 10:01:00Z');
    expect(paused).toContain('2026-01-05 10:02:00Z');
    expect(paused).toContain('current');
    expect((await page.locator(`tr[data-id="${SEEDED.paused}"] td`).allInnerTexts()).slice(5)).toEqual(['6', '4']);
    expect(await text(`tr[data-id="${SEEDED.done}"]`)).not.toContain('current');
    expect(await text('[data-state="COMPLETED"]')).toBe('1');
    expect(await text('[data-state="READY"]')).toBe('1');
    expect(await text('[data-state="ERROR"]')).toBe('0');
    await screenshot('executions');
  });

  it('filters by state and program, and pages with the query cursor', async () => {
    await open('#/executions?state=COMPLETED');
    expect(await page.locator('#executions tbody tr').allInnerTexts()).toHaveLength(1);
    expect(await text('#executions tbody')).toContain(SEEDED.done);
    await open('#/executions?program=no-such-program');
    expect(await page.locator('#executions').count()).toBe(0);
    const first = await (await fetch(`${inspector.base}api/executions?limit=2`, { headers: { authorization: `Bearer ${inspector.token}` } })).json() as { executions: { id: string }[]; next: string };
    expect(first.executions.map((e) => e.id)).toEqual([SEEDED.paused, SEEDED.done]);
    await open(`#/executions?after=${encodeURIComponent(first.next)}`);
    expect(await page.locator('#executions tbody tr').count()).toBe(1);
    expect(await text('#executions tbody')).toContain(SEEDED.bigHeap);
  });

  it('shows an execution: state, the instruction at pc and its source line, the prompt, stack, variables, iterators, heap and output', async () => {
    await open(`#/execution/${SEEDED.paused}`);
    expect(await text('#state-value')).toContain('AWAITING_COGNITIVE_RESULT');
    expect(await text('#pc')).toBe('6 CC');
    expect(await text('#source .hi')).toContain('const answer = CC("What is the capital of France?");');
    expect(await text('#cc-prompt')).toBe(`What is the capital of France? ${HOSTILE}`);
    expect(await text('#stack')).toContain('"What is the capital of France?"');
    expect(await text('#stack')).toContain('42');
    expect(await text('#variables')).toContain('name: "world"');
    expect(await text('#variables')).toContain('→ heap #2');
    expect(await text('#iterators')).toMatch(/0\s+3\s+3/);
    expect(await text('#heap h2')).toBe('Heap (2 objects)');
    expect(await text('#heap-edges')).toBe('1 references between these objects, 0 to objects on other pages');
    expect(await page.locator('#output [data-line] .text').allInnerTexts()).toEqual(['item 1', 'item 2', 'item 3', HOSTILE]);
    await screenshot('execution');
  });

  it('follows a heap reference to its object', async () => {
    await open(`#/execution/${SEEDED.paused}`);
    await page.locator('#variables a[data-ref="2"]').click();
    expect(await text('#heap-objects .hi')).toContain('title: ' + JSON.stringify(HOSTILE));
  });

  it('pages the output from the end', async () => {
    await open(`#/execution/${SEEDED.done}`);
    const lines = page.locator('#output [data-line]');
    expect(await lines.count()).toBe(200);
    expect(await lines.first().getAttribute('data-line')).toBe('250');
    expect(await lines.last().innerText()).toContain('line 450');
    await page.click('#output-earlier');
    await page.waitForSelector('#output [data-line="50"]');
    expect(await lines.count()).toBe(400);
    await page.click('#output-earlier');
    await page.waitForSelector('#output [data-line="0"]');
    expect(await lines.count()).toBe(450);
    expect(await lines.first().innerText()).toContain('line 1');
    expect(await page.locator('#output-earlier').isHidden()).toBe(true);
  });

  it('lists the revisions and shows the difference between two', async () => {
    await open(`#/execution/${SEEDED.paused}`);
    expect(await page.locator('#revisions tbody tr').count()).toBe(3);
    await page.click('#diff-button');
    await page.waitForSelector('#diff table');
    const diff = await page.locator('#diff').innerText();
    expect(diff).toMatch(/state\s+"RUNNING"\s+"AWAITING_COGNITIVE_RESULT"/);
    expect(diff).toMatch(/pc\s+5\s+6/);
    expect(diff).toContain('ccPrompt');
    await screenshot('revisions');
  });

  it('shows a hostile string in a VM value, the prompt, the heap and the output as text: no element made, no dialog', async () => {
    await open(`#/execution/${SEEDED.paused}`);
    await page.locator('#variables a[data-ref="2"]').click();
    expect(await text('#variables')).toContain(`note: ${JSON.stringify(HOSTILE)}`);
    expect(await text('#output')).toContain(HOSTILE);
    expect(await text('#heap')).toContain(JSON.stringify(HOSTILE));
    await page.waitForTimeout(300);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('shows a hostile program name, source and bytecode argument as text', async () => {
    await open('#/programs');
    expect(await text('#programs tbody')).toContain(HOSTILE);
    await open(`#/program/${SEEDED.hostileProgram}`);
    expect(await text('#program-name')).toBe(HOSTILE);
    expect(await text('#source')).toContain(`console.log("${HOSTILE}");`);
    expect(await text('#bytecode')).toContain(JSON.stringify(HOSTILE));
    await page.waitForTimeout(300);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('lists the programs and shows one with its source beside its bytecode', async () => {
    await open('#/programs');
    expect(await text('#programs tbody')).toMatch(/prog-hello\s+hello\s+9/);
    await screenshot('programs');
    await open(`#/program/${SEEDED.program}?pc=6`);
    expect(await page.locator('#bytecode tbody tr').count()).toBe(9);
    expect(await text('#bytecode tr.hi')).toMatch(/6\s+CC\s+7/);
    expect(await text('#source .hi')).toContain('CC("What is the capital of France?")');
    await page.locator('#bytecode tr[data-pc="4"]').click();
    expect(await text('#source .hi')).toContain('console.log("item " + item);');
    await screenshot('program');
  });

  it('shows what inspect and check report on the store page', async () => {
    await open('#/store');
    const inspect = await text('#inspect');
    expect(inspect).toContain(`${dataDir} (file)`);
    expect(inspect).toMatch(/programs\s+2 \(/);
    expect(inspect).toMatch(/executions\s+3 \(READY 1, AWAITING_COGNITIVE_RESULT 1, COMPLETED 1\)/);
    expect(inspect).toMatch(/output lines\s+454 /);
    expect(inspect).toMatch(/current execution\s+exec-paused/);
    expect(await text('#check-result')).toBe('No problems found.');
    await screenshot('store');
  });

  it(`renders a heap of ${SEEDED.heapObjects} objects, a page of it as a graph, within ${HEAP_RENDER_BOUND_MS} ms`, async () => {
    const started = Date.now();
    await open(`#/execution/${SEEDED.bigHeap}`);
    await page.waitForSelector('#heap svg.heap');
    const elapsed = Date.now() - started;
    process.stderr.write(`inspector: the heap of ${SEEDED.heapObjects} objects rendered in ${elapsed} ms\n`);
    expect(elapsed).toBeLessThan(HEAP_RENDER_BOUND_MS);
    expect(await text('#heap h2')).toBe(`Heap (${SEEDED.heapObjects} objects)`);
    expect(await text('#heap-page')).toBe('objects 1–100 (page 1 of 50)');
    expect(await page.locator('#heap svg g.node').count()).toBe(100);
    await page.click('#heap-next');
    expect(await text('#heap-page')).toBe('objects 101–200 (page 2 of 50)');
    await page.fill('#heap-jump', '4321');
    await page.locator('#heap-jump + button').click();
    expect(await text('#heap-page')).toBe('objects 4301–4400 (page 44 of 50)');
    expect(await text('#heap-objects .hi')).toContain('#4321 object');
    await screenshot('heap');
  });

  it('follow mode shows a line appended, and a state change saved, by another process', async () => {
    await open(`#/execution/${SEEDED.paused}?follow=1`);
    await page.waitForSelector('#follow-state:has-text("following")');
    const line = `appended by process at ${Date.now()}`;
    const child = await run(process.execPath, [library.file('test/inspector/append-from-another-process.ts'), dataDir, SEEDED.paused, line], { timeout: 30_000 });
    expect(child.stdout).toBe('appended\n');
    await page.waitForSelector(`#output [data-line="4"]`, { timeout: 10_000 });
    expect(await page.locator('#output [data-line="4"] .text').innerText()).toBe(line);
    await page.waitForSelector('#state-value:has-text("COMPLETED")', { timeout: 10_000 });
    expect(await page.locator('#cc-prompt').count()).toBe(0);
  });
});
