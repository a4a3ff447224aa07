// The embed examples page: fills in this server's address and lets an editor try a token.

for (const node of document.querySelectorAll('code')) {
  if (node.textContent?.includes('%ORIGIN%'))
    node.textContent = node.textContent.replaceAll('%ORIGIN%', location.origin);
}
const versioned = document.getElementById('versioned');
if (versioned?.textContent?.startsWith('/'))
  versioned.textContent = `${location.origin}${versioned.textContent}`;

const form = document.querySelector<HTMLFormElement>('#try-form');
form?.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = document.querySelector<HTMLInputElement>('#try-token')?.value.trim() ?? '';
  const service = document.querySelector<HTMLInputElement>('#try-service')?.value.trim() ?? '';
  const demo = document.getElementById('demo');
  if (!demo || !token || !service) return;
  const element = document.createElement('lastplan-forecast');
  element.setAttribute('token', token);
  element.setAttribute('service', service);
  demo.replaceChildren(element);
  demo.hidden = false;
});
