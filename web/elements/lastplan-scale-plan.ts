import { initialState } from '@lit/task';
import { css, html, LitElement, nothing, svg, type TemplateResult } from 'lit';
import { bandLabel } from '../../src/domain/band-label.ts';
import { getJson, postJson } from '../api/client.ts';
import { linearScale } from '../chart/chart-scale.ts';
import { amountCell, downloadCsv } from '../format/csv.ts';
import { type Formatters, formatters } from '../format/formatters.ts';
import { type StepWhy, stepReasonText } from '../format/step-reason-text.ts';
import { type Lang, langOf, localeOf, t } from '../i18n.ts';
import { elementStyles } from '../styles/element-styles.ts';
import { problemLine, renderState, taskState, viewTask } from './view-state.ts';

interface Amount {
  amount: string;
  currency: string;
}
interface Step {
  from: number;
  to: number;
  provider: string;
  instanceType: string;
  count: number;
  reason: string;
  /** The reason as data (plans computed before it was stored have only the English `reason`). */
  why?: StepWhy;
  cost?: { total?: Amount };
}

function reasonOf(step: Step, lang: Lang, fmt: Formatters): string {
  return step.why ? stepReasonText(lang, fmt, step.why) : step.reason;
}
/** `GET /v1/plans/{id}` as this element reads it (see src/http/routes/plans-schemas.ts). */
export interface PlanDto {
  id: string;
  version: number;
  status: 'draft' | 'approved';
  horizon: { from: string; to: string };
  quantile: number;
  currency: string;
  cost: { p50: string; planning: string };
  approvedBy: string | null;
  approvedAt: string | null;
  approvalComment?: string | null;
  plan: { steps?: Step[] };
}

/**
 * `<lastplan-scale-plan api="…" token="…" plan="<plan id>" approvable>`: a scaling plan as a
 * timeline of instance counts and a table (from, to, type, count, reason, cost), with the cost
 * range from P50 to the planning quantile. With `approvable` and a token of scope `plan`, a draft
 * can be approved. `time-zone` (the tenant's, default Europe/Berlin) for the times. Events: `lastplan-approved` (detail: the plan). Parts: `header`, `cost`,
 * `timeline`, `table`, `status`. Custom properties as `lastplan-forecast` (`--lastplan-accent` …).
 */
export class LastplanScalePlan extends LitElement {
  static override properties = {
    api: { type: String },
    token: { type: String },
    session: { type: Boolean },
    plan: { type: String },
    approvable: { type: Boolean },
    timeZone: { type: String, attribute: 'time-zone' },
    approveError: { state: true },
  };

  static override styles = [
    elementStyles,
    css`
      h2 { font-size: 1.05rem; margin: 0 0 0.3rem; }
      .cost { font-weight: 600; }
      .badge { display: inline-block; padding: 0 0.5rem; border-radius: 1rem; border: 1px solid currentColor; font-size: 0.9em; }
      .timeline rect { fill: var(--_accent); }
      .timeline text { fill: currentColor; font-size: 11px; }
      .timeline line { stroke: var(--_border); }
      td.time { white-space: nowrap; }
      .toolbar { display: flex; gap: 0.5rem; margin: 0.5rem 0; flex-wrap: wrap; }
      dialog { max-width: min(32rem, 90vw); border: 1px solid var(--_border); border-radius: 6px; }
      dialog h3 { margin-top: 0; }
      dialog textarea { width: 100%; box-sizing: border-box; font: inherit; }
      button.primary { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); }
    `,
  ];

  api = '';
  token = '';
  /** Authenticate by the page's session cookie instead of a token (the dashboard, same origin). */
  session = false;
  plan = '';
  approvable = false;
  timeZone = 'Europe/Berlin';
  approveError: TemplateResult | string = '';

  readonly #task = viewTask(this, {
    args: () => [this.api, this.token, this.session, this.plan, langOf(this)] as const,
    load: ([api, token, session, plan], signal) =>
      (!token && !session) || !plan
        ? Promise.resolve(initialState)
        : getJson<PlanDto>({ api, token }, `/v1/plans/${encodeURIComponent(plan)}`, signal),
  });

  /** Loads the plan again (after an approval or a withdrawal). */
  async reload(): Promise<void> {
    await this.#task.run();
  }

  /** Approves (with the comment, if any) or withdraws the approval, then shows the plan anew. */
  async #decide(action: 'approve' | 'withdraw', comment = ''): Promise<void> {
    try {
      const body = comment.trim() ? { comment: comment.trim() } : undefined;
      const plan = await postJson<PlanDto>(
        { api: this.api, token: this.token },
        `/v1/plans/${encodeURIComponent(this.plan)}/${action}`,
        body,
      );
      this.approveError = '';
      await this.reload();
      const type = action === 'approve' ? 'lastplan-approved' : 'lastplan-withdrawn';
      this.dispatchEvent(new CustomEvent(type, { detail: plan, bubbles: true, composed: true }));
    } catch (error) {
      this.approveError = problemLine(error, langOf(this));
    }
  }

  override render() {
    const lang = langOf(this);
    return renderState(taskState(this.#task, lang, true), lang, (data) => this.#plan(data, lang));
  }

  #plan(p: PlanDto, lang: Lang) {
    const fmt = formatters(localeOf(this), this.timeZone);
    const money = new Intl.NumberFormat(localeOf(this), { style: 'currency', currency: p.currency || 'EUR' });
    const steps = p.plan.steps ?? [];
    const approved = p.status === 'approved';
    const start = steps[0]?.from ?? Date.parse(p.horizon.from);
    const withdrawable = this.approvable && approved && Date.now() < start;
    const open = (id: string) => this.renderRoot.querySelector<HTMLDialogElement>(`#${id}`)?.showModal();
    return html`<section aria-labelledby="plan-title">
      <header part="header">
        <h2 id="plan-title">${t(lang, 'planTitle', { version: p.version })}
          <span class="badge">${approved ? t(lang, 'approved') : t(lang, 'draft')}</span></h2>
        <p>${fmt.date(Date.parse(p.horizon.from))} – ${fmt.date(Date.parse(p.horizon.to))} · ${bandLabel(p.quantile, lang)}</p>
        <p class="cost" part="cost">${t(lang, 'costRange', { p50: money.format(Number(p.cost.p50)), planning: money.format(Number(p.cost.planning)), quantile: bandLabel(p.quantile, lang) })}</p>
        ${approved && p.approvedBy ? html`<p part="approval">${t(lang, 'approvedBy', { who: p.approvedBy, when: fmt.dateTime(Date.parse(p.approvedAt ?? '')) })}${p.approvalComment ? html`<br />${t(lang, 'approvalComment', { comment: p.approvalComment })}` : nothing}</p>` : nothing}
        ${withdrawable ? html`<p>${t(lang, 'withdrawUntil', { start: fmt.dateTime(start) })}</p>` : nothing}
      </header>
      ${steps.length ? this.#timeline(steps, fmt, lang) : html`<p>${t(lang, 'noSteps')}</p>`}
      <div class="toolbar">
        ${
          this.approvable && !approved
            ? html`<button aria-haspopup="dialog" @click=${() => open('approve-dialog')}>${t(lang, 'approve')}</button>`
            : nothing
        }
        ${withdrawable ? html`<button aria-haspopup="dialog" @click=${() => open('withdraw-dialog')}>${t(lang, 'withdraw')}</button>` : nothing}
        <button @click=${() => this.#csv(p, steps, lang, fmt)}>${t(lang, 'csv')}</button>
      </div>
      <p role="alert">${this.approveError}</p>
      ${this.approvable && !approved ? this.#confirmDialog(p, lang, fmt, money) : nothing}
      ${withdrawable ? this.#withdrawDialog(p, lang, fmt.dateTime(start)) : nothing}
      <table part="table" tabindex="0">
        <caption class="visually-hidden">${t(lang, 'planTitle', { version: p.version })}</caption>
        <thead><tr>
          <th scope="col">${t(lang, 'from')}</th><th scope="col">${t(lang, 'to')}</th><th scope="col">${t(lang, 'instanceType')}</th>
          <th scope="col" class="num">${t(lang, 'count')}</th><th scope="col">${t(lang, 'reason')}</th><th scope="col" class="num">${t(lang, 'cost')}</th>
        </tr></thead>
        <tbody>${steps.map(
          (x) => html`<tr>
            <td class="time">${fmt.dateTime(x.from)}</td><td class="time">${fmt.dateTime(x.to)}</td><td>${x.provider} ${x.instanceType}</td>
            <td class="num">${x.count}</td><td>${reasonOf(x, lang, fmt)}</td>
            <td class="num">${x.cost?.total ? money.format(Number(x.cost.total.amount)) : '–'}</td>
          </tr>`,
        )}</tbody>
      </table>
    </section>`;
  }

  /** Approving cannot be undone: say what is approved and ask once more. */
  #confirmDialog(p: PlanDto, lang: Lang, fmt: Formatters, money: Intl.NumberFormat) {
    const close = () => this.renderRoot.querySelector<HTMLDialogElement>('#approve-dialog')?.close();
    return html`<dialog id="approve-dialog" aria-labelledby="approve-title">
      <h3 id="approve-title">${t(lang, 'approveConfirmTitle', { version: p.version })}</h3>
      <p>${t(lang, 'approveConfirmText', {
        from: fmt.date(Date.parse(p.horizon.from)),
        to: fmt.date(Date.parse(p.horizon.to)),
        p50: money.format(Number(p.cost.p50)),
        planning: money.format(Number(p.cost.planning)),
      })}</p>
      <p><label for="approve-comment">${t(lang, 'approvalCommentLabel')}</label><br />
        <textarea id="approve-comment" rows="3" maxlength="2000"></textarea></p>
      <div class="toolbar">
        <button class="primary" @click=${() => {
          const comment = this.renderRoot.querySelector<HTMLTextAreaElement>('#approve-comment')?.value ?? '';
          close();
          void this.#decide('approve', comment);
        }}>${t(lang, 'approveNow')}</button>
        <button @click=${close}>${t(lang, 'cancel')}</button>
      </div>
    </dialog>`;
  }

  /** Withdrawing an approval (until the first step starts): ask once more. */
  #withdrawDialog(p: PlanDto, lang: Lang, start: string) {
    const close = () => this.renderRoot.querySelector<HTMLDialogElement>('#withdraw-dialog')?.close();
    return html`<dialog id="withdraw-dialog" aria-labelledby="withdraw-title">
      <h3 id="withdraw-title">${t(lang, 'withdrawConfirmTitle', { version: p.version })}</h3>
      <p>${t(lang, 'withdrawConfirmText', { start })}</p>
      <div class="toolbar">
        <button class="primary" @click=${() => {
          close();
          void this.#decide('withdraw');
        }}>${t(lang, 'withdrawNow')}</button>
        <button @click=${close}>${t(lang, 'cancel')}</button>
      </div>
    </dialog>`;
  }

  #timeline(steps: Step[], fmt: Formatters, lang: Lang) {
    const width = 720;
    const height = 120;
    const from = steps[0]?.from ?? 0;
    const to = steps.at(-1)?.to ?? 1;
    const max = Math.max(1, ...steps.map((s) => s.count));
    const x = linearScale([from, to], [40, width - 10]);
    const y = linearScale([0, max], [height - 20, 10]);
    return html`<svg class="timeline" part="timeline" viewBox="0 0 ${width} ${height}" width="100%" aria-hidden="true">
      ${steps.map((s) => svg`<rect x=${x(s.from)} y=${y(s.count)} width=${Math.max(1, x(s.to) - x(s.from) - 0.5)} height=${y(0) - y(s.count)}><title>${reasonOf(s, lang, fmt)}</title></rect>`)}
      <line x1="40" x2=${width - 10} y1=${y(0)} y2=${y(0)}></line>
      <text x="34" y=${y(max)} dy="0.32em" text-anchor="end">${max}</text>
      <text x="34" y=${y(0)} dy="0.32em" text-anchor="end">0</text>
      <text x="40" y=${height - 4}>${fmt.day(from)}</text>
      <text x=${width - 10} y=${height - 4} text-anchor="end">${fmt.day(to)}</text>
    </svg>`;
  }

  #csv(p: PlanDto, steps: Step[], lang: Lang, fmt: Formatters): void {
    const zone = this.timeZone;
    const rows = [
      [
        { de: 'Von (UTC)', en: 'From (UTC)' },
        { de: 'Bis (UTC)', en: 'To (UTC)' },
        { de: `Von (${zone})`, en: `From (${zone})` },
        { de: 'Anbieter', en: 'Provider' },
        { de: 'Instanztyp', en: 'Instance type' },
        { de: 'Anzahl', en: 'Count' },
        { de: 'Grund', en: 'Reason' },
        { de: 'Kosten', en: 'Cost' },
        { de: 'Währung', en: 'Currency' },
      ],
      ...steps.map((s) => {
        const currency = s.cost?.total?.currency ?? p.currency;
        return [
          { instant: s.from },
          { instant: s.to },
          { instant: s.from, zone },
          s.provider,
          s.instanceType,
          s.count,
          reasonOf(s, lang, fmt),
          amountCell(s.cost?.total?.amount, currency),
          currency,
        ];
      }),
    ];
    downloadCsv(this, `lastplan-plan-${p.id}-v${p.version}.csv`, rows);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-scale-plan': LastplanScalePlan;
  }
}
