import { css } from 'lit';

/**
 * Shared look of every element. Text inherits the host page's colour and font, so the widget
 * fits a light or a dark intranet page; accents are `--lastplan-*` custom properties.
 */
export const elementStyles = css`
  :host {
    display: block;
    font-family: var(--lastplan-font, inherit);
    color: var(--lastplan-fg, inherit);
    --_accent: var(--lastplan-accent, #0b5cad);
    --_forecast: var(--lastplan-forecast, #8a4b00);
    --_band-80: var(--lastplan-band-80, #e8a33d);
    --_band-95: var(--lastplan-band-95, #f6d9a8);
    --_event: var(--lastplan-event, #7b61c4);
    --_holiday: var(--lastplan-holiday, #2f8f5b);
    --_capacity: var(--lastplan-capacity, #b3261e);
    --_border: var(--lastplan-border, #8c959f);
    --_error: var(--lastplan-error, #a40e26);
    --_on-accent: var(--lastplan-on-accent, #fff);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--lastplan-accent, #6cb6ff);
      --_forecast: var(--lastplan-forecast, #f0b35a);
      --_band-80: var(--lastplan-band-80, #9a6a1f);
      --_band-95: var(--lastplan-band-95, #5c4420);
      --_event: var(--lastplan-event, #a995e8);
      --_holiday: var(--lastplan-holiday, #56c08a);
      --_capacity: var(--lastplan-capacity, #ff7b72);
      --_error: var(--lastplan-error, #ff8182);
      --_on-accent: var(--lastplan-on-accent, #0d1117);
    }
  }
  [hidden] { display: none !important; }
  button, select, input { font: inherit; }
  button {
    color: inherit;
    background: transparent;
    border: 1px solid var(--_border);
    border-radius: 4px;
    padding: 0.25rem 0.6rem;
    cursor: pointer;
  }
  button[aria-pressed='true'] { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); }
  button.link { border: 0; padding: 0; color: var(--_accent); text-decoration: underline; text-align: left; }
  :focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }
  [role='alert'] strong { color: var(--_error); }
  table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
  th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--_border); }
  td.num, th.num { text-align: right; }
  .visually-hidden {
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
  }
  /* A phone: a wide table scrolls inside its card instead of widening the page, and a list of
     terms and values stacks. */
  @media (max-width: 40rem) {
    table { display: block; overflow-x: auto; max-width: 100%; }
    :host dl { grid-template-columns: minmax(0, 1fr); }
    :host dd { margin: 0 0 0.4rem; overflow-wrap: anywhere; }
  }
  @media print {
    button, .toolbar, summary { display: none !important; }
    :host { color: #000; }
  }
`;
