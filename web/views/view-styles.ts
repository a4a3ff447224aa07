import { css } from 'lit';

/** What every dashboard view shares: cards, the way back, link chips, term lists. */
export const viewStyles = css`
  a { color: var(--_accent); }
  .back { margin: 0 0 0.8rem; }
  .chip { display: inline-block; border: 1px solid var(--_border); border-radius: 4px; padding: 0.25rem 0.6rem; text-decoration: none; color: inherit; }
  .chip[aria-current='page'] { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); }
  h2:focus { outline: none; }
  section.card { background: var(--lastplan-card, Canvas); color: CanvasText; border: 1px solid var(--_border); border-radius: 6px; padding: 1rem 1.2rem; margin-bottom: 1rem; }
  h2 { font-size: 1.15rem; margin: 0 0 0.6rem; }
  h3 { font-size: 1rem; margin: 0 0 0.5rem; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; }
  form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
  input, select { padding: 0.35rem; width: min(22rem, 100%); box-sizing: border-box; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0 0 0.8rem; }
  dt { font-weight: 600; }
  @media print { .back, .actions { display: none; } section.card { border: 0; } }
`;
