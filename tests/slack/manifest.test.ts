// The Slack app manifests at the repo root (HTTP request URLs, and the Socket Mode variant) ask for
// exactly what the code uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const read = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', name), 'utf8');
const manifest = read('slack-app-manifest.yaml');
const socketManifest = read('slack-app-manifest.socket-mode.yaml');

/** The `- item` lines of the block that follows `key:` (comments dropped). */
function listUnder(text: string, key: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const item = /^\s*-\s+([^\s#]+)/.exec(line);
    if (!item) break;
    items.push(item[1]!);
  }
  return items;
}

describe.each([
  ['slack-app-manifest.yaml', manifest],
  ['slack-app-manifest.socket-mode.yaml', socketManifest],
])('%s', (_name, text) => {
  it('requests the bot scopes the bot needs and no others', () => {
    expect(listUnder(text, 'bot').sort()).toEqual(
      ['app_mentions:read', 'chat:write', 'im:history', 'im:write', 'reactions:write', 'users:read', 'users:read.email'].sort(),
    );
  });

  it('subscribes to app_mention and message.im only', () => {
    expect(listUnder(text, 'bot_events')).toEqual(['app_mention', 'message.im']);
  });

  it('enables interactivity and the App Home messages tab', () => {
    expect(text).toMatch(/interactivity:\n\s+is_enabled: true\n/);
    expect(text).toMatch(/messages_tab_enabled: true/);
    expect(text).toMatch(/messages_tab_read_only_enabled: false/);
  });
});

describe('slack-app-manifest.yaml', () => {
  it('points events and interactivity at placeholder URLs, with Socket Mode off', () => {
    expect(manifest).toContain('request_url: https://YOUR-HOST/slack/events');
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true\n\s+request_url: https:\/\/YOUR-HOST\/slack\/interactions/);
    expect(manifest).toMatch(/socket_mode_enabled: false/);
  });
});

describe('slack-app-manifest.socket-mode.yaml', () => {
  it('turns Socket Mode on and names no request URL, since the server has no Slack HTTP route then', () => {
    expect(socketManifest).toMatch(/socket_mode_enabled: true/);
    expect(socketManifest).not.toMatch(/request_url/);
  });

  it('tells how to make the app-level token with connections:write', () => {
    expect(socketManifest).toMatch(/connections:write/);
    expect(socketManifest).toMatch(/SLACK_APP_TOKEN/);
  });
});
