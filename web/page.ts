// The start page: hands a token from the link's #token= fragment (never sent to the server) to
// the dashboard, which exchanges it for a session cookie, and removes it from the address bar.
import type { LastplanDashboard } from './views/lastplan-dashboard.ts';

const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromLink) {
  history.replaceState(null, '', location.pathname);
  void customElements.whenDefined('lastplan-dashboard').then(() => {
    document.querySelector<LastplanDashboard>('lastplan-dashboard')?.signIn(fromLink);
  });
}
