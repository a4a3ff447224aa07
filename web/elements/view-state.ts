import { html, type TemplateResult } from 'lit';
import { asApiError, ORIGIN_REFUSED } from '../api/client.ts';
import { type Lang, t } from '../i18n.ts';

/** What every element shows: loading, empty (with a sentence), data, or an error in words. */
export type ViewState<T> =
  | { kind: 'loading' }
  | { kind: 'empty'; message: string }
  | { kind: 'error'; title: string; detail: string; status: number }
  | { kind: 'data'; data: T; refreshing?: boolean };

/**
 * The state for a failed request: "not enough data" problems are the empty state, a request
 * that never got an answer (server down, or CORS refusing this page) says so in words. Takes
 * whatever a request threw.
 */
export function problemState<T>(error: unknown, lang: Lang, emptyMessage: string): ViewState<T> {
  const problem = asApiError(error);
  if (/insufficient-history|no-data|empty-series/.test(problem.type))
    return { kind: 'empty', message: emptyMessage };
  if (problem.type === ORIGIN_REFUSED) {
    return {
      kind: 'error',
      title: t(lang, 'originTitle'),
      detail: t(lang, 'originDetail', { origin: location.origin }),
      status: 0,
    };
  }
  if (problem.status === 0) {
    return {
      kind: 'error',
      title: t(lang, 'networkTitle'),
      detail: t(lang, 'networkDetail', { origin: location.origin }),
      status: 0,
    };
  }
  return {
    kind: 'error',
    title: problem.title,
    detail: problem.detail || `HTTP ${problem.status}`,
    status: problem.status,
  };
}

/**
 * Renders loading, empty and error the same way in every element (part `status`; errors as an
 * alert with the problem's title and detail), and the data through `view`.
 *
 * @example return renderState(this.state, lang, (data) => this.#view(data, lang));
 */
export function renderState<T>(
  state: ViewState<T>,
  lang: Lang,
  view: (data: T) => TemplateResult,
): TemplateResult {
  if (state.kind === 'loading') return html`<p part="status" role="status">${t(lang, 'loading')}</p>`;
  if (state.kind === 'empty') return html`<p part="status" role="status">${state.message}</p>`;
  if (state.kind === 'error') {
    return html`<div part="status" role="alert"><p><strong>${t(lang, 'error')}: ${state.title}</strong></p><p>${state.detail}</p></div>`;
  }
  return view(state.data);
}
