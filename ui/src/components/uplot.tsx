import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface PlotProps {
  options: Omit<uPlot.Options, 'width'>;
  data: uPlot.AlignedData;
  /** What the chart shows, for screen readers (the page also gives the figures as text). */
  label: string;
}

/** One uPlot chart, sized to its container and redrawn when its data change. */
export function Plot({ options, data, label }: PlotProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = new uPlot({ ...options, width: Math.max(element.clientWidth, 120) }, data, element);
    plot.current = chart;
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(element.clientWidth, 120), height: options.height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Options and data are rebuilt on every render by their callers; the values decide when to redraw.
  }, [JSON.stringify(data), label]);

  return <div class="plot" ref={box} role="img" aria-label={label} />;
}
