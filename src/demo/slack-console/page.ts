// The console page: one self-contained HTML document (inline CSS and script, no external assets).
import { PAGE_SCRIPT } from './page-script.js';
import type { ConsolePerson } from './types.js';

/** What the page needs to know; nothing secret (the signing secret stays on the server). */
export type PageConfig = { people: ConsolePerson[]; botUserId: string; itHelpChannelId: string; phone?: boolean };

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1c1d;height:100vh;
display:grid;grid-template:"top top" auto "side main" 1fr/230px 1fr}
header{grid-area:top;background:#350d36;color:#fff;padding:8px 16px;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
header h1{font-size:16px;margin:0}header select{font:inherit;padding:4px}#who{font-size:13px;opacity:.85}
nav{grid-area:side;background:#3f0e40;color:#cfc3cf;padding:12px 0}nav button{display:block;width:100%;text-align:left;background:none;
border:0;color:inherit;font:inherit;padding:6px 16px;cursor:pointer}nav button.active{background:#1164a3;color:#fff}
nav h2{font-size:12px;text-transform:uppercase;letter-spacing:.05em;margin:12px 16px 4px;opacity:.7}
main{grid-area:main;display:flex;flex-direction:column;min-height:0}#title{padding:10px 16px;border-bottom:1px solid #ddd;font-weight:700}
#banner{display:none;margin:8px 16px;padding:8px 12px;border-radius:6px;background:#fde8e8;color:#8a1c1c;border:1px solid #f5b5b5}
#banner.info{background:#eef6fd;color:#114a72;border-color:#b5d5f5}#banner.shown{display:block}
#conversation{flex:1;overflow-y:auto;padding:8px 16px}.msg{padding:6px 8px;border-radius:6px}.msg:hover{background:#f8f8f8}
.meta{font-size:13px;color:#616061}.author{font-weight:700;color:#1d1c1d;margin-right:6px}.app{font-size:10px;background:#ddd;
padding:0 4px;border-radius:3px;margin-right:6px}.thread{margin:2px 0 6px 28px;border-left:3px solid #e0e0e0;padding-left:8px}
.ephemeral{font-size:12px;color:#616061;font-style:italic}.reactions{display:flex;gap:4px;margin-top:4px}
.reaction{font-size:13px;border:1px solid #d0d0d0;border-radius:12px;padding:0 8px;background:#f4f4f4}
.reply{font-size:12px;border:0;background:none;color:#1264a3;cursor:pointer;padding:0}
.bk-section,.bk-context,.bk-actions,.bk-header{margin:4px 0}.bk-context{font-size:13px;color:#616061}.bk-header{font-weight:700;font-size:17px}
.bk-fields{display:grid;grid-template-columns:1fr 1fr;gap:4px 16px;margin-top:4px}.bk-actions{display:flex;gap:8px;flex-wrap:wrap}
.bk-btn{font:inherit;font-size:14px;font-weight:700;padding:4px 12px;border-radius:4px;border:1px solid #bbb;background:#fff;cursor:pointer}
.bk-btn.primary{background:#007a5a;border-color:#007a5a;color:#fff}.bk-btn.danger{background:#e01e5a;border-color:#e01e5a;color:#fff}
.bk-btn:disabled{opacity:.5;cursor:wait}.mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px}
code{background:#f6f6f6;border:1px solid #e0e0e0;border-radius:3px;padding:0 3px;font-size:13px}pre{background:#f6f6f6;padding:8px;border-radius:4px}
#thread-bar{display:none;padding:4px 16px;font-size:13px;color:#616061}#thread-bar.shown{display:block}
form{display:flex;gap:8px;padding:8px 16px 16px}textarea{flex:1;font:inherit;padding:8px;border:1px solid #bbb;border-radius:6px;resize:none}
form button{font:inherit;padding:0 14px;border-radius:6px;border:1px solid #007a5a;background:#007a5a;color:#fff;cursor:pointer}
#mention{background:#fff;color:#1264a3;border-color:#bbb}#mention[hidden]{display:none}.empty{color:#888;padding:24px 0}
#phone{position:fixed;right:16px;bottom:90px;width:240px;background:#111;color:#fff;border-radius:22px;padding:16px;box-shadow:0 6px 20px #0005}
#phone[hidden]{display:none}#phone h3{margin:0 0 6px;font-size:15px}#phone p{font-size:13px;margin:4px 0 10px;opacity:.85}
.phone-picks{display:flex;gap:8px;justify-content:center;margin-bottom:10px}.phone-pick{font:inherit;font-size:20px;font-weight:700;width:56px;height:56px;
border-radius:50%;border:0;background:#1a73e8;color:#fff;cursor:pointer}.phone-deny{width:100%;font:inherit;padding:6px;border-radius:8px;border:1px solid #888;
background:none;color:#fff;cursor:pointer}
`;

/** The config goes into a JSON script tag; `<` is escaped so no value can close the tag. */
export function renderConsolePage(config: PageConfig): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Local Slack console</title><style>${STYLE}</style></head>
<body>
<header><h1>Local Slack console</h1><label>Acting as <select id="person"></select></label><span id="who"></span></header>
<nav><h2>Direct messages</h2><button id="nav-dm" data-view="dm">Direct message with Helpdesk</button>
<h2>Channels</h2><button id="nav-it-help" data-view="it-help"># it-help</button></nav>
<main><div id="title"></div><div id="banner" role="alert"></div><div id="conversation" aria-live="polite"></div>
<div id="thread-bar"><span id="thread-label"></span> <button type="button" class="reply" id="thread-cancel">cancel</button></div>
<form id="composer"><button type="button" id="mention" hidden>@Helpdesk</button>
<textarea id="message" rows="2" aria-label="Message"></textarea><button id="send" type="submit">Send</button></form></main>
<aside id="phone" hidden aria-label="Okta Verify on your phone"></aside>
<script type="application/json" id="console-config">${json}</script>
<script>${PAGE_SCRIPT}</script>
</body></html>`;
}
