/** The cost categories a grant or budget line can be limited to. */
export const costCategories = ['compute', 'storage', 'egress', 'licences', 'services'] as const;
export type CostCategory = (typeof costCategories)[number];

/** German labels for reports. */
export const costCategoryLabels: Readonly<Record<CostCategory, string>> = {
  compute: 'Rechenleistung',
  storage: 'Speicher',
  egress: 'Datenübertragung',
  licences: 'Lizenzen',
  services: 'Dienstleistungen',
};

/** Labels in German and English, for exports in either language. */
export const costCategoryNames: Readonly<Record<CostCategory, { readonly de: string; readonly en: string }>> =
  {
    compute: { de: 'Rechenleistung', en: 'Compute' },
    storage: { de: 'Speicher', en: 'Storage' },
    egress: { de: 'Datenübertragung', en: 'Data transfer' },
    licences: { de: 'Lizenzen', en: 'Licences' },
    services: { de: 'Dienstleistungen', en: 'Services' },
  };

const byName: Readonly<Record<string, CostCategory>> = {
  compute: 'compute',
  rechenleistung: 'compute',
  storage: 'storage',
  speicher: 'storage',
  egress: 'egress',
  datenübertragung: 'egress',
  datentransfer: 'egress',
  licences: 'licences',
  licenses: 'licences',
  lizenzen: 'licences',
  services: 'services',
  dienstleistungen: 'services',
};

/**
 * A category from its id, its German label or a common spelling, case-insensitive.
 *
 * @example
 * findCostCategory('Lizenzen'); // 'licences'
 * findCostCategory('hardware'); // undefined
 */
export function findCostCategory(name: string): CostCategory | undefined {
  return byName[name.trim().toLowerCase()];
}

/**
 * The category of an imported FOCUS charge by its ServiceCategory: Compute and Storage map
 * directly, Networking is data transfer, a purchase of a licence SKU is a licence; everything
 * else (databases, analytics, support, ...) counts as services.
 *
 * @example
 * costCategoryOfCharge({ serviceCategory: 'Networking', chargeCategory: 'usage', pricingUnit: 'GB' }); // 'egress'
 */
export function costCategoryOfCharge(charge: {
  readonly serviceCategory: string;
  readonly chargeCategory: string;
  readonly pricingUnit: string | null;
}): CostCategory {
  if (
    charge.chargeCategory === 'purchase' &&
    /licen[cs]e|lizenz|subscription/i.test(charge.pricingUnit ?? '')
  ) {
    return 'licences';
  }
  switch (charge.serviceCategory) {
    case 'Compute':
      return 'compute';
    case 'Storage':
      return 'storage';
    case 'Networking':
      return 'egress';
    default:
      return 'services';
  }
}
