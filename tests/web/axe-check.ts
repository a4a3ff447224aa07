import axe from 'axe-core';

/** Runs axe-core (bundled locally) on an element and returns the violations in one line each. */
export async function axeViolations(context: Element | Document = document): Promise<string[]> {
  const result = await axe.run(context as Element, { resultTypes: ['violations'] });
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}
