import type { PropertyDeclarations, TemplateResult } from 'lit';
import { problemLine } from '../elements/view-state.ts';
import type { Lang } from '../i18n.ts';
import { DashboardView } from './dashboard-view.ts';

/**
 * A dashboard form that sends one change: its button waits while the request runs, a refusal is
 * shown in words (`error`, drawn by the form in a `role=alert`), success fires an event with what
 * the server stored.
 */
export class DashboardForm extends DashboardView {
  static override properties: PropertyDeclarations = {
    error: { state: true },
    busy: { state: true },
  };

  error: TemplateResult | string = '';
  busy = false;

  /** The submitted form's fields as trimmed text, by name. */
  protected fieldsOf(submitted: SubmitEvent): (name: string) => string {
    submitted.preventDefault();
    const form = new FormData(submitted.target as HTMLFormElement);
    return (name) => String(form.get(name) ?? '').trim();
  }

  /**
   * Sends the change; on success clears the error and fires `eventName` (detail: the answer,
   * bubbling out of the shadow roots) and returns the answer, on failure shows the problem.
   */
  protected async send<T>(lang: Lang, eventName: string, request: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    try {
      const saved = await request();
      this.error = '';
      this.dispatchEvent(new CustomEvent(eventName, { detail: saved, bubbles: true, composed: true }));
      return saved;
    } catch (error) {
      this.error = problemLine(error, lang);
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
