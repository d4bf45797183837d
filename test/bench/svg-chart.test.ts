import { lineChart } from '../../bench/lib/svg-chart';

describe('bench line chart', () => {
  const svg = lineChart({
    title: 'Step <vs> size',
    xLabel: 'executions',
    yLabel: 'ms',
    series: [
      { name: 'library', points: [[100, 2], [1_000, 4], [10_000, 3]] },
      { name: 'floor', points: [[100, 1], [10_000, 1.5]], dashed: true },
    ],
  });

  it('places x on a log scale and y from 0 to a round maximum', () => {
    const library = /<polyline points="([^"]+)"[^>]*stroke="#1f77b4"/.exec(svg)?.[1].split(' ').map((p) => p.split(',').map(Number));
    expect(library).toBeDefined();
    const [[x100, y2], [x1k, y4], [x10k]] = library!;
    // 1,000 is halfway between 100 and 10,000 on a log axis.
    expect(x1k - x100).toBeCloseTo(x10k - x1k, 5);
    // The y axis runs to 5 (the round ceiling of 4): 4 sits twice as high above 0 as 2.
    const y0 = Number(/<text x="58" y="([\d.]+)" text-anchor="end">0<\/text>/.exec(svg)?.[1]) - 4;
    expect(y0 - y4).toBeCloseTo(2 * (y0 - y2), 5);
    expect(svg).toContain('>5</text>');
  });

  it('draws the floor dashed, names both series, and escapes text', () => {
    expect(svg).toMatch(/<polyline [^>]*stroke="#d62728"[^>]*stroke-dasharray/);
    expect(svg).toContain('>library</text>');
    expect(svg).toContain('>floor</text>');
    expect(svg).toContain('Step &lt;vs&gt; size');
  });

  it('refuses a chart without points', () => {
    expect(() => lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [] })).toThrow('no points');
  });
});
