/**
 * The storage, egress and backup a plan prices next to its instances, per end of the range, for
 * one compute provider: the backup target defaults to that provider (with a warning, since an
 * off-site copy belongs elsewhere) and must be among the chosen catalogs.
 */
import type { EffectiveCatalog } from '../cost/effective-prices.ts';
import type { ResourceUsage } from '../cost/plan-cost.ts';
import { DomainError } from '../domain/errors.ts';
import type { PlanInput } from './build-plan.ts';
import type { expandSeries } from './plan-series.ts';

type Expanded = ReturnType<typeof expandSeries>;

/**
 * @example
 * resourceUsage(input, { block, egress }, catalogs, hetzner, warnings).planning.blockGib; // the planning-end series
 */
export function resourceUsage(
  input: PlanInput,
  series: { block: Expanded; egress: Expanded },
  catalogs: readonly EffectiveCatalog[],
  catalog: EffectiveCatalog,
  warnings: string[],
): { p50: ResourceUsage; planning: ResourceUsage } {
  const spec = input.resources ?? {};
  const { block, egress } = series;
  let backup: ResourceUsage['backup'];
  if (spec.backup) {
    const targetId = spec.backup.targetProvider ?? catalog.provider;
    const target = catalogs.find((c) => c.provider === targetId);
    if (!target) {
      throw new DomainError('validation', `backup target "${targetId}" is not among the chosen catalogs`, [
        {
          pointer: '/resources/backup/targetProvider',
          detail: `choose one of ${catalogs.map((c) => c.provider).join(', ')}`,
        },
      ]);
    }
    if (targetId === catalog.provider) {
      warnings.push(
        'the backup copy stays with the compute provider: keep it in another region or provider to be off-site; no transfer is priced',
      );
    }
    backup = { policy: spec.backup.policy, target, storageClass: spec.backup.storageClass };
  }
  const usage = (which: 'p50' | 'planning'): ResourceUsage => ({
    blockGib: block?.[which],
    blockClass: spec.blockClass,
    egressGib: egress?.[which],
    backup,
  });
  return { p50: usage('p50'), planning: usage('planning') };
}
