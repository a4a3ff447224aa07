/**
 * A tenant's rule that assigns imported charges to one of its services. Rules are tried in
 * order and the first match wins, so a specific rule goes before a broad one.
 */
export type ServiceRule =
  | {
      readonly serviceId: string;
      /** Matches a charge carrying this tag; with `value` (a glob) only for matching values. */
      readonly tag: { readonly key: string; readonly value?: string };
    }
  | {
      readonly serviceId: string;
      /** A glob over ResourceId: `*` any run of characters, `?` one character. */
      readonly resourceId: string;
    }
  | {
      readonly serviceId: string;
      /** Matches every charge of this sub-account (AWS account, Azure subscription, OCI compartment). */
      readonly subAccountId: string;
    };

/** The part of a charge the rules look at (a FocusCharge has all of it). */
export interface ChargeIdentity {
  readonly tags: Readonly<Record<string, string>>;
  readonly resourceId: string | null;
  readonly subAccountId: string | null;
}

type Matcher = (charge: ChargeIdentity) => boolean;

/** Globs become anchored regular expressions without any backtracking groups (no ReDoS). */
function glob(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`));
  return new RegExp(`^${body}$`, 's');
}

function matcher(rule: ServiceRule): Matcher {
  if ('tag' in rule) {
    const { key, value } = rule.tag;
    const pattern = value === undefined ? undefined : glob(value);
    return (charge) => {
      const tag = Object.hasOwn(charge.tags, key) ? charge.tags[key] : undefined;
      return tag !== undefined && (pattern === undefined || pattern.test(tag));
    };
  }
  if ('resourceId' in rule) {
    const pattern = glob(rule.resourceId);
    return (charge) => charge.resourceId !== null && pattern.test(charge.resourceId);
  }
  return (charge) => charge.subAccountId === rule.subAccountId;
}

// Compiled once per rule list: an import maps every charge of a file with the same rules.
const compiled = new WeakMap<readonly ServiceRule[], readonly (readonly [Matcher, string])[]>();

/**
 * The service a charge belongs to by the tenant's rules, or undefined when no rule matches
 * (the import then books it as unassigned for a person to map).
 *
 * @example
 * const rules = [
 *   { serviceId: 'svc-wahl', tag: { key: 'service', value: 'wahlschein' } },
 *   { serviceId: 'svc-kfz', resourceId: 'arn:aws:ec2:*:instance/i-kfz*' },
 * ];
 * mapChargeToService({ tags: { service: 'wahlschein' }, resourceId: null, subAccountId: null }, rules); // 'svc-wahl'
 */
export function mapChargeToService(
  charge: ChargeIdentity,
  rules: readonly ServiceRule[],
): string | undefined {
  let matchers = compiled.get(rules);
  if (matchers === undefined) {
    matchers = rules.map((rule) => [matcher(rule), rule.serviceId] as const);
    compiled.set(rules, matchers);
  }
  for (const [matches, serviceId] of matchers) if (matches(charge)) return serviceId;
  return undefined;
}
