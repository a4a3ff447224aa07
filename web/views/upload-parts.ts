import {
  css,
  html,
  nothing,
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';
import type { ApiOptions } from '../api/client.ts';
import { type UploadProgress, uploadFile } from '../api/upload.ts';
import { problemLine } from '../elements/view-state.ts';
import { type Lang, t } from '../i18n.ts';

/** The look of a file picker with its drop zone and the progress of an upload. */
export const uploadStyles = css`
  .drop { border: 2px dashed var(--_border); border-radius: 6px; padding: 0.8rem; display: flex; flex-direction: column; gap: 0.4rem; width: 100%; box-sizing: border-box; }
  .drop.over { border-color: var(--_accent); background: color-mix(in srgb, var(--_accent) 8%, transparent); }
  .drop p { margin: 0; }
  .drop .pick { display: flex; flex-wrap: wrap; gap: 0.3rem 0.8rem; align-items: center; overflow-wrap: anywhere; }
  .upload-form label.field { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.95em; }
  .upload-form { align-items: end; }
  .progress { display: flex; flex-wrap: wrap; gap: 0.3rem 0.8rem; align-items: center; margin: 0.6rem 0; }
  .progress progress { width: min(22rem, 100%); height: 1.1rem; accent-color: var(--_accent); }
  .hint { font-size: 0.9em; }
`;

/**
 * A file input inside a drop zone: a file dropped on the zone is given to the input too, so the
 * input names it like a picked one. `onFile` gets the file (or none, when the pick is cleared).
 * The browser's own file button speaks the browser's language ("Choose File" in an English
 * Chromium), so it is hidden behind a button of the page's language that opens it.
 */
export function filePicker(options: {
  readonly id: string;
  readonly label: string;
  readonly accept: string;
  readonly hint: string;
  readonly lang: Lang;
  readonly locale: string;
  readonly file: File | undefined;
  readonly disabled: boolean;
  readonly onFile: (file: File | undefined) => void;
}) {
  const { id, file, lang } = options;
  const over = (e: DragEvent, on: boolean) => {
    e.preventDefault();
    (e.currentTarget as HTMLElement).classList.toggle('over', on);
  };
  const drop = (e: DragEvent) => {
    over(e, false);
    const dropped = e.dataTransfer?.files;
    const input = (e.currentTarget as HTMLElement).querySelector('input');
    if (!dropped?.length || !input || options.disabled) return;
    input.files = dropped;
    options.onFile(dropped[0]);
  };
  return html`<div class="drop" @dragover=${(e: DragEvent) => over(e, true)}
      @dragleave=${(e: DragEvent) => over(e, false)} @drop=${drop}>
    <label for=${id} id=${`${id}-label`}>${options.label}</label>
    <input id=${id} class="visually-hidden" tabindex="-1" type="file" accept=${options.accept} ?disabled=${options.disabled}
      @change=${(e: Event) => options.onFile((e.target as HTMLInputElement).files?.[0])} />
    <p class="pick">
      <button type="button" aria-describedby=${`${id}-label ${id}-chosen ${id}-hint`} ?disabled=${options.disabled}
        @click=${(e: Event) => ((e.currentTarget as HTMLElement).closest('.drop')?.querySelector('input') as HTMLInputElement | null)?.click()}
      >${t(lang, 'uploadChoose')}</button>
      <span id=${`${id}-chosen`}>${
        file
          ? t(lang, 'uploadChosen', { name: file.name, size: fileSize(options.locale, file.size) })
          : t(lang, 'uploadNothingChosen')
      }</span>
    </p>
    <p class="hint" id=${`${id}-hint`}>${options.hint}</p>
  </div>`;
}

/** A file's size in kB or MB in the locale's style. */
export function fileSize(locale: string, bytes: number): string {
  const mb = bytes >= 1_000_000;
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: mb ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: 1,
  }).format(mb ? bytes / 1_000_000 : Math.max(0.1, bytes / 1000));
}

/**
 * The progress of an upload: a bar with the share sent, then (all bytes sent) that the server
 * is working on the file; nothing before the first upload.
 */
export function uploadProgress(
  id: string,
  lang: Lang,
  locale: string,
  progress: UploadProgress | undefined,
  busy: boolean,
) {
  if (!progress) return nothing;
  const share = progress.total > 0 ? progress.sent / progress.total : 0;
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
  return html`<div class="progress">
    <label for=${id}>${t(lang, 'uploadSent')}</label>
    <progress id=${id} max=${progress.total || 1} value=${progress.sent}>${percent}</progress>
    <span class="percent">${percent}</span>
    <span role="status">${busy ? t(lang, share >= 1 ? 'uploadWorking' : 'uploadSending') : ''}</span>
  </div>`;
}

/** The Content-Type for a picked cost or rate file: CSV unless the browser knows it as something else. */
export function uploadType(file: File): string {
  const csvLike = ['', 'text/csv', 'text/plain', 'application/vnd.ms-excel', 'application/csv'];
  return csvLike.includes(file.type) || /\.csv$/i.test(file.name) ? 'text/csv' : file.type;
}

/**
 * One file upload of a view: the chosen file, the progress, the server's answer or its refusal
 * in words. `picker` and `progressBar` draw it, `send` uploads (the host re-renders on each
 * change).
 */
export class FileUpload<T> implements ReactiveController {
  file: File | undefined;
  progress: UploadProgress | undefined;
  busy = false;
  error: TemplateResult | string = '';
  result: T | undefined;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The file input in its drop zone. */
  picker(options: { id: string; label: string; accept: string; hint: string; lang: Lang; locale: string }) {
    return filePicker({
      ...options,
      file: this.file,
      disabled: this.busy,
      onFile: (file) => {
        this.file = file;
        this.error = '';
        this.host.requestUpdate();
      },
    });
  }

  /** The progress bar of the upload (nothing before the first). */
  progressBar(id: string, lang: Lang, locale: string) {
    return uploadProgress(id, lang, locale, this.progress, this.busy);
  }

  /**
   * Uploads the chosen file to `path(file)` as `type(file)`; the answer becomes `result`, a
   * refusal `error` (the problem in words and the server's own). Returns whether it worked.
   */
  async send(
    lang: Lang,
    api: ApiOptions,
    path: (file: File) => string,
    type: (file: File) => string = uploadType,
  ): Promise<boolean> {
    const file = this.file;
    this.result = undefined;
    if (!file) {
      this.error = html`<strong>${t(lang, 'importsNoFile')}</strong>`;
      this.host.requestUpdate();
      return false;
    }
    this.busy = true;
    this.error = '';
    this.progress = { sent: 0, total: file.size };
    this.host.requestUpdate();
    try {
      this.result = await uploadFile<T>(api, path(file), file, type(file), (progress) => {
        this.progress = progress;
        this.host.requestUpdate();
      });
      return true;
    } catch (error) {
      this.error = problemLine(error, lang);
      return false;
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }
}
