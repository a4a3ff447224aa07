// The start page: takes the token from the link's #token= fragment (never sent to the server) or
// from the form, keeps it in memory only, and shows the services. The full dashboard replaces this.
import { ApiError, getJson } from './api/client.ts';

const form = document.querySelector<HTMLFormElement>('#token-form');
const input = document.querySelector<HTMLInputElement>('#token-input');
const signin = document.querySelector<HTMLElement>('#signin');
const services = document.querySelector<HTMLElement>('#services');
const list = document.querySelector('lastplan-services');
const tenantLabel = document.querySelector<HTMLElement>('#tenant');
const errorLine = document.querySelector<HTMLElement>('#signin-error');

async function show(token: string): Promise<void> {
  try {
    const tenant = await getJson<{ name: string; federalState: string }>({ api: '', token }, '/v1/tenant');
    if (tenantLabel) tenantLabel.textContent = `${tenant.name} (${tenant.federalState})`;
    list?.setAttribute('token', token);
    if (signin) signin.hidden = true;
    if (services) services.hidden = false;
  } catch (error) {
    if (errorLine)
      errorLine.textContent = error instanceof ApiError ? `${error.title}: ${error.detail}` : String(error);
  }
}

const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromLink) {
  history.replaceState(null, '', location.pathname);
  void show(fromLink);
}
form?.addEventListener('submit', (event) => {
  event.preventDefault();
  if (input?.value) void show(input.value.trim());
});
