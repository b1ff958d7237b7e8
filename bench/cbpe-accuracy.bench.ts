/**
 * How close CBPE's estimate comes to the realized metrics on simulated deployments
 * (tests/helpers/cbpe-simulation.ts): prints the table quoted in docs/cbpe.md.
 *   node --import tsx bench/cbpe-accuracy.bench.ts [seeds=60] [rows=5000]
 */
import { errorFigures, scenarios } from '../tests/helpers/cbpe-simulation.js';

const seeds = Number(process.argv[2] ?? 60);
const rows = Number(process.argv[3] ?? 5000);
console.log(
  `CBPE estimate − realized, ${seeds} seeds, ${rows} reference rows and ${rows} window rows each\n`,
);
console.log('| scenario | metric | mean abs error | min | max | mean signed error | std of realized |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const scenario of scenarios) {
  const started = performance.now();
  const { isotonic, errors } = errorFigures(scenario, seeds, rows);
  for (const e of errors) {
    const figures = [e.meanAbsError, e.minAbsError, e.maxAbsError, e.meanSignedError, e.realizedStd];
    const cells = figures.map((v) => v.toFixed(4));
    console.log(`| ${scenario.name} | ${e.metric} | ${cells.join(' | ')} |`);
  }
  const ms = (performance.now() - started).toFixed(0);
  console.error(`  ${scenario.name}: isotonic chosen for ${isotonic}/${seeds} references (${ms} ms)`);
}
