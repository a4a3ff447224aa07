/**
 * The few figures a person reads first, taken from a stored plan (its JSON form): the type, the
 * range of instance counts, the cost range and what pay-as-you-go saves against each alternative.
 * Derived on read, so the stored plan stays exactly what buildPlan returned.
 */

interface MoneyJson {
  readonly amount: string;
  readonly currency: string;
}

interface PlanJson {
  readonly label?: string;
  readonly instanceType?: { readonly provider: string; readonly name: string };
  readonly steps?: readonly { readonly count: number; readonly from: number; readonly fromIso?: string }[];
  readonly cost?: {
    readonly p50: { readonly total: MoneyJson };
    readonly planning: { readonly total: MoneyJson };
  };
  readonly alternatives?: readonly {
    readonly kind: string;
    readonly label: string;
    readonly cost: { readonly p50: MoneyJson; readonly planning: MoneyJson };
    readonly differenceToPayg: { readonly p50: MoneyJson; readonly planning: MoneyJson };
  }[];
}

export interface PlanSummaryFigures {
  readonly instanceType: string;
  readonly quantileLabel: string;
  readonly steps: number;
  readonly minInstances: number;
  readonly peakInstances: number;
  /** Start of the first step at the peak count. */
  readonly peakFrom: string | null;
  readonly cost: { readonly p50: string; readonly planning: string; readonly currency: string };
  /** Per alternative: its cost range and what pay-as-you-go saves against it (negative: costs more). */
  readonly savings: {
    readonly kind: string;
    readonly label: string;
    readonly cost: { readonly p50: string; readonly planning: string };
    readonly saving: { readonly p50: string; readonly planning: string };
  }[];
}

/**
 * @example
 * planSummary(stored.result).savings.find((s) => s.kind === 'static-peak')?.saving.planning; // "39.990000000"
 */
export function planSummary(result: unknown): PlanSummaryFigures {
  const plan = (result ?? {}) as PlanJson;
  const steps = plan.steps ?? [];
  const counts = steps.map((s) => s.count);
  const peak = counts.length > 0 ? Math.max(...counts) : 0;
  const peakStep = steps.find((s) => s.count === peak);
  return {
    instanceType: plan.instanceType ? `${plan.instanceType.provider}/${plan.instanceType.name}` : '',
    quantileLabel: plan.label ?? '',
    steps: steps.length,
    minInstances: counts.length > 0 ? Math.min(...counts) : 0,
    peakInstances: peak,
    peakFrom: peakStep ? (peakStep.fromIso ?? new Date(peakStep.from).toISOString()) : null,
    cost: {
      p50: plan.cost?.p50.total.amount ?? '0',
      planning: plan.cost?.planning.total.amount ?? '0',
      currency: plan.cost?.planning.total.currency ?? '',
    },
    savings: (plan.alternatives ?? []).map((a) => ({
      kind: a.kind,
      label: a.label,
      cost: { p50: a.cost.p50.amount, planning: a.cost.planning.amount },
      saving: { p50: a.differenceToPayg.p50.amount, planning: a.differenceToPayg.planning.amount },
    })),
  };
}
