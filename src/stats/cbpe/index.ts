export {
  calibrate,
  cbpeCalibrationSchema,
  fitCbpe,
  type CbpeCalibration,
  type CbpeFit,
} from './calibration.js';
export { CbpeSummary } from './cbpe-summary.js';
export { estimateCbpe } from './estimate.js';
export { fitIsotonic, predictIsotonic, type IsotonicFit } from './isotonic.js';
