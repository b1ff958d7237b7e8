/**
 * The demo's loan applicants, their model score and what really happens to the loan.
 *
 * - baseline: the population the model was trained on; outcomes follow the score (calibrated).
 * - population shift: older applicants, mostly from Spain and Italy (a new campaign). Age and
 *   country move; employment years, income and credit score follow age, as they do in real data,
 *   so about five of eight features drift. The model stays calibrated on them: realized and
 *   CBPE-estimated accuracy agree.
 * - concept drift: what makes a loan default changes (rates went up: the size of the loan now
 *   matters most, the model's inputs much less). Inputs and scores do not change, so CBPE's
 *   estimate stays where it was while realized accuracy drops (about 0.88 to 0.60): only
 *   outcomes can show this.
 */

export interface Phase {
  shifted: boolean;
  conceptDrift: boolean;
}

export interface Applicant {
  features: Record<string, number | string>;
  score: number;
  /** 1 when the loan defaults. */
  actual: number;
}

export type Uniform = () => number;

function normal(uniform: Uniform, mean: number, sd: number): number {
  const u = 1 - uniform();
  const v = uniform();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function pick<T>(uniform: Uniform, items: readonly T[], weights: readonly number[]): T {
  let r = uniform() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) {
    r -= weights[i]!;
    if (r <= 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const COUNTRIES = ['DE', 'FR', 'NL', 'ES', 'IT'] as const;
const CHANNELS = ['web', 'app', 'branch', 'partner'] as const;

/** The model's view of default risk (what it was trained to score). */
function modelLogit(f: { creditScore: number; dti: number; income: number; loan: number; channel: string }) {
  return (
    -1.3 -
    0.03 * (f.creditScore - 650) +
    9 * (f.dti - 0.35) -
    0.8 * (Math.log(f.income) - 10.4) +
    0.6 * (Math.log(f.loan) - 9.6) +
    (f.channel === 'partner' ? 0.6 : 0)
  );
}

/** Share of an approved loan earned when it is repaid, and lost when it defaults. */
const MARGIN = 0.08;
const LOSS_GIVEN_DEFAULT = 0.3;

/**
 * What the loan decision realized, in currency (the outcome's `value`, docs/kpis.md#value): an
 * approved loan (score below 0.5) earns its margin when repaid and loses part of its amount when
 * it defaults; a declined one realizes nothing. The baseline earns about 190 per applicant; under
 * concept drift about 40% of approved loans default and each applicant costs about 1,900.
 */
export function loanValue(a: Applicant): number {
  if (a.score >= 0.5) return 0;
  const loan = a.features.loan_amount as number;
  return Math.round((a.actual === 1 ? -LOSS_GIVEN_DEFAULT : MARGIN) * loan * 100) / 100;
}

export function applicant(uniform: Uniform, phase: Phase): Applicant {
  const age = Math.round(clamp(normal(uniform, phase.shifted ? 56 : 38, 9), 18, 85));
  const employmentYears = Math.max(0, Math.round((age - 20) * (0.35 + 0.5 * uniform())));
  const income = Math.round(Math.exp(normal(uniform, 10.4 + 0.012 * (age - 38), 0.35)) / 100) * 100;
  const creditScore = Math.round(clamp(normal(uniform, 650 + 2.5 * (age - 38), 55), 300, 850));
  const dti = Math.round(clamp(normal(uniform, 0.35, 0.12), 0, 1.2) * 1000) / 1000;
  const loan = Math.round(Math.exp(normal(uniform, 9.6, 0.5)) / 100) * 100;
  const weights = phase.shifted ? [1, 1, 1, 5, 5] : [4, 3, 2, 1, 1];
  const country = pick(uniform, COUNTRIES, weights);
  const channel = pick(uniform, CHANNELS, [5, 4, 1, 1]);
  const logit = modelLogit({ creditScore, dti, income, loan, channel });
  const truth = phase.conceptDrift ? 0.2 * logit + 4 * (Math.log(loan) - 9.6) : logit;
  return {
    features: {
      age,
      income,
      employment_years: employmentYears,
      credit_score: creditScore,
      debt_to_income: dti,
      loan_amount: loan,
      country,
      channel,
    },
    score: Math.round(sigmoid(logit) * 1e6) / 1e6,
    actual: uniform() < sigmoid(truth) ? 1 : 0,
  };
}
