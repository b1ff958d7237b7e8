import { useEffect, useRef, useState } from 'preact/hooks';
import { get } from '../api/http.js';
import type { StatisticSeries } from '../api/types.js';
import { Sparkline } from '../components/charts.js';
import { seconds } from '../lib/format.js';
import type { WindowChoice } from './window-choice.js';

export const statisticPath = (modelId: string, feature: string) =>
  `/v1/models/${encodeURIComponent(modelId)}/features/${encodeURIComponent(feature)}/statistic`;

/**
 * A feature's statistic over time, fetched once its row scrolls into view: a model with 200
 * features asks for the dozen on screen, not for all of them at first render.
 */
export function LazySparkline({
  modelId,
  feature,
  choice,
}: {
  modelId: string;
  feature: string;
  choice: WindowChoice;
}) {
  const cell = useRef<HTMLDivElement>(null);
  const [series, setSeries] = useState<StatisticSeries | null | 'failed'>(null);

  useEffect(() => {
    const element = cell.current;
    if (!element) return;
    const load = () =>
      get<StatisticSeries>(statisticPath(modelId, feature), { ...choice, limit: 60 }).then(setSeries, () =>
        setSeries('failed'),
      );
    // A screen ahead of the viewport, so that rows scrolled to have their sparkline already.
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        void load();
      },
      { rootMargin: '100% 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [modelId, feature, JSON.stringify(choice)]);

  return (
    <div ref={cell} class="spark-box">
      {series === 'failed' ? (
        <span class="muted small">unavailable</span>
      ) : series && series.points.length > 1 ? (
        <Sparkline
          x={series.points.map((p) => seconds(p.windowEnd))}
          y={series.points.map((p) => p.statistic)}
          threshold={series.points.at(-1)!.threshold}
          label={`${feature}: ${series.method} statistic over the last ${series.points.length} evaluations, threshold dashed`}
        />
      ) : series ? (
        <span class="muted small">one point</span>
      ) : null}
    </div>
  );
}
