// The Slack app manifest at the repo root asks for exactly what the code uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const manifest = readFileSync(join(import.meta.dirname, '..', '..', 'slack-app-manifest.yaml'), 'utf8');

/** The `- item` lines of the block that follows `key:` (comments dropped). */
function listUnder(key: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const item = /^\s*-\s+([^\s#]+)/.exec(line);
    if (!item) break;
    items.push(item[1]!);
  }
  return items;
}

describe('slack-app-manifest.yaml', () => {
  it('requests the bot scopes the bot needs and no others', () => {
    expect(listUnder('bot').sort()).toEqual(
      ['app_mentions:read', 'chat:write', 'im:history', 'im:write', 'reactions:write', 'users:read', 'users:read.email'].sort(),
    );
  });

  it('subscribes to app_mention and message.im only', () => {
    expect(listUnder('bot_events')).toEqual(['app_mention', 'message.im']);
  });

  it('points events and interactivity at placeholder URLs and enables the App Home messages tab', () => {
    expect(manifest).toContain('request_url: https://YOUR-HOST/slack/events');
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true\n\s+request_url: https:\/\/YOUR-HOST\/slack\/interactions/);
    expect(manifest).toMatch(/messages_tab_enabled: true/);
    expect(manifest).toMatch(/messages_tab_read_only_enabled: false/);
  });
});
