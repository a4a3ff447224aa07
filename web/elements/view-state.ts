import { initialState, Task, TaskStatus } from '@lit/task';
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { asApiError, ORIGIN_REFUSED, TOKEN_REFUSED } from '../api/client.ts';
import { type Lang, langOf, problemTitle, t } from '../i18n.ts';

/** What every element shows: loading, empty (with a sentence), data, or an error in words. */
export type ViewState<T> =
  | { kind: 'loading' }
  | { kind: 'empty'; message: string }
  | { kind: 'error'; title: string; detail: string; status: number; serverDetail?: string }
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
  if (problem.type === TOKEN_REFUSED) {
    return {
      kind: 'error',
      title: t(lang, 'tokenRefusedTitle'),
      detail: t(lang, 'tokenRefusedDetail'),
      status: 401,
      serverDetail: [problem.title, problem.detail].filter(Boolean).join(' – '),
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
    title: problemTitle(lang, problem.type, problem.status),
    detail: '',
    status: problem.status,
    serverDetail: [problem.title, problem.detail, ...problem.errors.map((e) => `${e.pointer}: ${e.detail}`)]
      .filter(Boolean)
      .join(' – '),
  };
}

/**
 * The server's own words (English) under a problem's title, marked as English for screen
 * readers; empty when there are none.
 */
export function serverDetail(lang: Lang, text: string | undefined): TemplateResult | typeof nothing {
  return text
    ? html`<p class="server-detail">${t(lang, 'serverSaid')} <span lang="en">${text}</span></p>`
    : nothing;
}

/** A failed request as one line for a form's alert: the title in words, then the server's. */
export function problemLine(error: unknown, lang: Lang): TemplateResult {
  const state = problemState<never>(error, lang, '');
  if (state.kind !== 'error') return html`${t(lang, 'error')}`;
  return html`<strong>${state.title}</strong>${state.detail ? html` ${state.detail}` : nothing} ${serverDetail(lang, state.serverDetail)}`;
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
    return html`<div part="status" role="alert"><p><strong>${t(lang, 'error')}: ${state.title}</strong></p>${state.detail ? html`<p>${state.detail}</p>` : nothing}${serverDetail(lang, state.serverDetail)}</div>`;
  }
  return view(state.data);
}

/**
 * A `@lit/task` whose value is a `ViewState`: the loader gets the abort signal of its run (a newer
 * run aborts it, and `Task` drops any answer but the newest), an empty result becomes the empty
 * state with the sentence `empty` returns, and a failure becomes the problem in words. `load`
 * returns `initialState` while its inputs are incomplete (nothing is fetched then).
 *
 * @example readonly #grant = viewTask(this, { args: () => [this.api, this.grant] as const,
 *   load: ([api, id], signal) => getJson(…, signal) });
 */
export function viewTask<const A extends readonly unknown[], T>(
  host: ReactiveControllerHost & HTMLElement,
  options: {
    args: () => A;
    load: (args: A, signal: AbortSignal) => Promise<T | typeof initialState>;
    /** The sentence when the data is empty (`undefined`: it is not). */
    empty?: (data: T, lang: Lang) => string | undefined;
    /** The sentence when the server says there is not enough data yet. */
    tooLittle?: (lang: Lang) => string;
  },
): Task<A, ViewState<T>> {
  return new Task<A, ViewState<T>>(host, {
    args: options.args,
    task: async (args, { signal }) => {
      const lang = langOf(host);
      try {
        const data = await options.load(args, signal);
        if (data === initialState) return initialState;
        const message = options.empty?.(data, lang);
        return message === undefined ? { kind: 'data', data } : { kind: 'empty', message };
      } catch (error) {
        if (signal.aborted) throw error;
        return problemState<T>(error, lang, options.tooLittle?.(lang) ?? '');
      }
    },
  });
}

/**
 * What a `viewTask` shows now: loading while it runs (or the data it had, marked refreshing, if
 * `keep` is set), else its state. One renderer for all of them: `renderState(taskState(task), …)`.
 */
export function taskState<T>(
  task: Task<readonly unknown[], ViewState<T>>,
  lang: Lang,
  keep = false,
): ViewState<T> {
  const value = task.value;
  if (task.status === TaskStatus.COMPLETE && value) return value;
  if (task.status === TaskStatus.PENDING && keep && value?.kind === 'data')
    return { ...value, refreshing: true };
  if (task.status === TaskStatus.ERROR) return problemState<T>(task.error, lang, '');
  return { kind: 'loading' };
}

/** The list as data, or `message` when it has no items (for `viewTask`'s `empty`). */
export const emptyList =
  (message: (lang: Lang) => string) =>
  <T>(items: readonly T[], lang: Lang): string | undefined =>
    items.length ? undefined : message(lang);
