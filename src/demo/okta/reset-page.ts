// The local stand-in for Okta's reset-password page: reset_password?sendEmail=false links point here.
// It only says whom the link is for; no password is changed in the demo org.
import type { UserRecord } from './types.js';

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto">
<h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

export function resetPasswordPage(user: UserRecord | undefined): { status: 200 | 404; html: string } {
  if (!user) {
    return { status: 404, html: page('Link not valid', '<p>This reset link is unknown, was replaced by a newer one, or the user is gone.</p>') };
  }
  const who = `${user.profile.displayName} (${user.profile.login})`;
  return {
    status: 200,
    html: page(
      'Reset your password',
      `<p>This password reset link is for <strong>${escapeHtml(who)}</strong>.</p>
<p>Demo Okta org: in a real org this page would let ${escapeHtml(user.profile.firstName)} choose a new password. Nothing is changed here.</p>`,
    ),
  };
}
