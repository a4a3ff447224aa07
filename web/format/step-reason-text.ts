import type { StepDemand, StepWhy } from '../../src/plan/step-reason.ts';
import { type Lang, t } from '../i18n.ts';
import type { Formatters } from './formatters.ts';
import { metricLabel } from './metric-label.ts';

export type { StepWhy };

/**
 * "3 Std.", "2 Tage", "90 Min." (or "3 h", "2 days", "90 min").
 *
 * @example durationText('de', 7_200_000) // '2 Std.'
 */
export function durationText(lang: Lang, ms: number): string {
  if (ms % 86_400_000 === 0 && ms >= 86_400_000) return t(lang, 'durDays', { n: ms / 86_400_000 });
  if (ms % 3_600_000 === 0) return t(lang, 'durHours', { n: ms / 3_600_000 });
  return t(lang, 'durMinutes', { n: Math.round(ms / 60_000) });
}

/** "95 % band" (as `quantileLabel` names a planning quantile) in the language; "P50" stays. */
function quantileText(lang: Lang, label: string): string {
  const band = /^(\d+(?:\.\d+)?) % band$/.exec(label);
  return band
    ? t(lang, 'bandName', { level: lang === 'de' ? (band[1] ?? '').replace('.', ',') : (band[1] ?? '') })
    : label;
}

function demandText(lang: Lang, fmt: Formatters, d: StepDemand): string {
  const what = t(lang, d.peak ? 'demandPeak' : 'demandNeed', {
    label: quantileText(lang, d.label),
    value: `${fmt.number(d.value)} ${metricLabel(lang, d.metric)}`,
  });
  const quote = (name: string) => (lang === 'de' ? `„${name}“` : `“${name}”`);
  const events = d.events.map(quote).join(t(lang, 'and'));
  return (
    t(lang, 'demandAt', { what, when: fmt.dateTime(d.at) }) + (events ? t(lang, 'during', { events }) : '')
  );
}

/**
 * Why a plan step has its count, in the reader's language, time zone and units, from the step's
 * structured `why` (the API's English `reason` is for machines and the command line).
 *
 * @example stepReasonText('de', fmt, why) // 'Hochskalieren von 2 auf 6 × CX33: für die P95-Spitze …'
 */
export function stepReasonText(lang: Lang, fmt: Formatters, why: StepWhy): string {
  const vars = { count: why.count, previous: why.previous ?? '', type: why.instanceType };
  const head = t(
    lang,
    why.change === 'start' ? 'reasonStart' : why.change === 'up' ? 'reasonUp' : 'reasonDown',
    vars,
  );
  const c = why.cause;
  const parts: string[] = [];
  if (c.kind === 'minimum') {
    parts.push(t(lang, 'reasonMinimum', { n: c.minInstances, demand: demandText(lang, fmt, c.demand) }));
  } else if (c.kind === 'carry') {
    parts.push(
      t(lang, 'reasonCarry', {
        demand: demandText(lang, fmt, c.demand),
        utilisation: fmt.percent(c.utilisation),
        perInstance: fmt.number(c.perInstance),
      }),
    );
  } else if (c.kind === 'hold') {
    parts.push(t(lang, 'reasonHold', { demand: demandText(lang, fmt, c.demand) }));
  } else if (c.kind === 'ahead') {
    parts.push(t(lang, 'reasonAhead', { demand: demandText(lang, fmt, c.demand) }));
  } else {
    parts.push(t(lang, 'reasonMinStep', { duration: durationText(lang, c.minStepMs) }));
  }
  if (why.early) {
    const early = {
      by: durationText(lang, why.early.byMs),
      when: fmt.dateTime(why.early.needAt),
      lead: durationText(lang, why.early.leadMs),
      grid: why.early.gridMs ? durationText(lang, why.early.gridMs) : '',
    };
    parts.push(t(lang, why.early.gridMs ? 'reasonEarlyGrid' : 'reasonEarly', early));
  }
  if (why.delayMs) parts.push(t(lang, 'reasonDelay', { delay: durationText(lang, why.delayMs) }));
  if (why.capped) {
    parts.push(
      t(lang, 'reasonCapped', {
        max: why.capped.max,
        needed: why.capped.needed,
        when: fmt.dateTime(why.capped.at),
      }),
    );
  }
  return `${head}: ${parts.join('; ')}.`;
}
