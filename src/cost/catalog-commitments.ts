/**
 * Commitment prices (1- and 3-year) in the catalog JSON: per instance type
 * (`commit_1y_monthly`, `commit_3y_hourly`, …) or, where only another region's figures exist,
 * a `commitment_discounts_proxy_region_<region>` list that names the types. A proxy is kept and
 * labelled with its region, never relabelled as this region's price.
 */
import { hoursPerMonthFromUnit, isRecord, type Problems, readPrice, seg } from './catalog-fields.ts';
import type { Commitment, CommitmentTerm, InstanceType } from './price-catalog.ts';

const TERMS: readonly CommitmentTerm[] = ['1y', '3y'];

/**
 * @example
 * readCommitments(gcpE2Standard2Json, '/providers/6/compute/0', problems).map((c) => c.term); // ["1y", "3y"]
 */
export function readCommitments(
  entry: Record<string, unknown>,
  pointer: string,
  problems: Problems,
): Commitment[] {
  const commitments: Commitment[] = [];
  for (const term of TERMS) {
    for (const per of ['hourly', 'monthly'] as const) {
      const key = `commit_${term}_${per}`;
      const price = readPrice(entry[key], pointer + seg(key), problems);
      if (!price) continue;
      commitments.push({
        term,
        price,
        per: per === 'hourly' ? 'hour' : 'month',
        hoursPerMonth: hoursPerMonthFromUnit(price.unit),
        proxyRegion: undefined,
      });
    }
  }
  return commitments;
}

/**
 * Attaches proxy-region commitments to the types they name; unknown types become a caveat.
 *
 * @example
 * readProxyCommitments(azureJson, '/providers/5', problems, types, caveats)[0]?.commitments[0]?.proxyRegion; // "westeurope"
 */
export function readProxyCommitments(
  raw: Record<string, unknown>,
  pointer: string,
  problems: Problems,
  types: readonly InstanceType[],
  caveats: string[],
): InstanceType[] {
  const extra = new Map<string, Commitment[]>();
  for (const [key, list] of Object.entries(raw)) {
    const region = /^commitment_discounts_proxy_region_(.+)$/.exec(key)?.[1];
    if (region === undefined) continue;
    if (!Array.isArray(list)) {
      problems.add(pointer + seg(key), 'a proxy commitment list must be an array');
      continue;
    }
    const unmatched: string[] = [];
    list.forEach((item, index) => {
      const at = `${pointer}${seg(key)}/${index}`;
      if (!isRecord(item) || typeof item.type !== 'string') {
        problems.add(at, 'a proxy commitment needs a type name');
        return;
      }
      const itemType = item.type;
      const target = types.find((t) => t.name === itemType || t.name.endsWith(`_${itemType}`));
      if (!target) {
        unmatched.push(itemType);
        return;
      }
      for (const term of TERMS) {
        const field = `reserved_${term}_eur_hour`;
        if (item[field] === undefined || item[field] === null) continue;
        const price = readPrice(
          {
            value: item[field],
            unit: `EUR/hour, ${term} reservation (${region} proxy)`,
            currency: 'EUR',
            basis: 'not stated',
            sources: item.sources,
            valid_on: item.valid_on,
            confidence: item.confidence,
            note: item.note,
          },
          at + seg(field),
          problems,
        );
        if (!price) continue;
        const commitment: Commitment = { term, price, per: 'hour', hoursPerMonth: 730, proxyRegion: region };
        extra.set(target.name, [...(extra.get(target.name) ?? []), commitment]);
      }
    });
    if (unmatched.length > 0) {
      caveats.push(
        `proxy commitments (${region}) for types without an on-demand price here: ${unmatched.join(', ')}`,
      );
    }
  }
  return types.map((type) => {
    const more = extra.get(type.name);
    return more ? { ...type, commitments: [...type.commitments, ...more] } : type;
  });
}
