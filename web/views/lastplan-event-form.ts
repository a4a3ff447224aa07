import { html } from 'lit';
import { eventKinds } from '../../src/domain/event-kinds.ts';
import { patchJson, postJson } from '../api/client.ts';
import type { EventDto } from '../api/dto.ts';
import { fractionToPercent, percentToFraction } from '../format/percent-input.ts';
import { fromLocalInput, localInputValue } from '../format/zoned-time.ts';
import { eventKind, type Lang, langOf, t } from '../i18n.ts';
import { DashboardForm } from './dashboard-form.ts';
import { sessionApi } from './dashboard-view.ts';
import { navigate } from './view-parts.ts';

/**
 * `<lastplan-event-form>`: records a new event, or changes the one in `.event` — its kind, name,
 * period (local times in the tenant's zone) and the expected extra load in percent. On success it
 * fires `lastplan-event-saved` (detail: the event) and shows the event's page.
 */
export class LastplanEventForm extends DashboardForm {
  static override properties = { event: { attribute: false } };

  event: EventDto | undefined;

  override render() {
    const lang = langOf(this);
    const e = this.event;
    const zone = this.timeZone;
    const local = (iso: string | undefined) => (iso ? localInputValue(Date.parse(iso), zone) : '');
    return html`<form class="event-form" @submit=${(ev: SubmitEvent) => this.#submit(ev, lang)}>
      <label>${t(lang, 'kind')}
        <select name="kind">${eventKinds.map(
          (kind) =>
            html`<option value=${kind} ?selected=${(e?.kind ?? 'election') === kind}>${eventKind(lang, kind)}</option>`,
        )}</select></label>
      <label>${t(lang, 'name')} <input name="name" required maxlength="200" .value=${e?.name ?? ''} /></label>
      <label>${t(lang, 'eventStarts', { zone })} <input type="datetime-local" name="startsAt" required .value=${local(e?.startsAt)} /></label>
      <label>${t(lang, 'eventEnds', { zone })} <input type="datetime-local" name="endsAt" required .value=${local(e?.endsAt)} /></label>
      <label>${t(lang, 'upliftPercent')}
        <input name="uplift" inputmode="decimal" placeholder="80" .value=${
          e?.expectedUplift ? fractionToPercent(e.expectedUplift) : ''
        } /></label>
      <button type="submit" ?disabled=${this.busy}>${t(lang, e ? 'saveEvent' : 'createEvent')}</button>
      <p role="alert">${this.error}</p>
    </form>`;
  }

  async #submit(submitted: SubmitEvent, lang: Lang): Promise<void> {
    const text = this.fieldsOf(submitted);
    const startsAt = fromLocalInput(text('startsAt'), this.timeZone);
    const endsAt = fromLocalInput(text('endsAt'), this.timeZone);
    const upliftText = text('uplift');
    const uplift = upliftText ? percentToFraction(upliftText) : null;
    const refusal =
      Number.isNaN(startsAt) || Number.isNaN(endsAt)
        ? 'eventDatesMissing'
        : endsAt < startsAt
          ? 'eventEndsBeforeStart'
          : uplift === undefined
            ? 'upliftInvalid'
            : undefined;
    if (refusal) {
      this.error = t(lang, refusal);
      return;
    }
    const body = {
      kind: text('kind'),
      name: text('name'),
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      expectedUplift: uplift,
    };
    const api = sessionApi(this.api);
    const event = this.event;
    const saved = await this.send(lang, 'lastplan-event-saved', () =>
      event
        ? patchJson<EventDto>(api, `/v1/events/${encodeURIComponent(event.id)}`, body)
        : postJson<EventDto>(api, '/v1/events', body),
    );
    if (saved && !event) navigate(this, { view: 'event', id: saved.id });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-event-form': LastplanEventForm;
  }
}
