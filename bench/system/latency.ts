import hdr from 'hdr-histogram-js';

/** Latencies are recorded in microseconds, from 1 µs to 10 minutes, at 3 significant digits. */
export function newHistogram(): hdr.Histogram {
  return hdr.build({
    bitBucketSize: 'packed',
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

export interface LatencySummary {
  count: number;
  p50ms: number;
  p95ms: number;
  p99ms: number;
  maxMs: number;
  /** The whole HDR histogram (compressed, base64), for re-analysis. */
  histogram: string;
}

const ms = (micros: number) => Math.round(micros / 10) / 100;

export function summarise(histogram: hdr.Histogram): LatencySummary {
  return {
    count: histogram.totalCount,
    p50ms: ms(histogram.getValueAtPercentile(50)),
    p95ms: ms(histogram.getValueAtPercentile(95)),
    p99ms: ms(histogram.getValueAtPercentile(99)),
    maxMs: ms(histogram.maxValue),
    histogram: hdr.encodeIntoCompressedBase64(histogram),
  };
}
