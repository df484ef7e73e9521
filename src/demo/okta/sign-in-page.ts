// The demo org's sign-in page for /oauth2/default/v1/authorize: no passwords, pick a demo person.
// The form posts the original authorize parameters back with the chosen login.
import { escapeHtml } from './reset-page.js';
import type { UserRecord } from './types.js';

export function signInPage(action: string, params: URLSearchParams, clientId: string, users: UserRecord[]): string {
  const hidden = [...params].map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('\n');
  const buttons = users
    .map((user) => {
      const label = `${user.profile.displayName} (${user.profile.login})${user.status === 'ACTIVE' ? '' : `: ${user.status}`}`;
      const disabled = user.status === 'ACTIVE' ? '' : ' disabled';
      return `<li><button type="submit" name="login" value="${escapeHtml(user.profile.login)}"${disabled}>${escapeHtml(label)}</button></li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in to the demo Okta org</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto">
<h1>Sign in to the demo Okta org</h1>
<p><strong>${escapeHtml(clientId)}</strong> asks who you are. Demo org: no password, pick a person.</p>
<form method="post" action="${escapeHtml(action)}">
${hidden}
<ul style="list-style: none; padding: 0; line-height: 2.2">
${buttons}
</ul>
</form>
</body></html>
`;
}
