#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the Slack console browser test; idempotent.
# As root it installs chromium (and an emoji font, so reactions show in screenshots) with apt-get.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
EMOJI_FONT=/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf

if [ -x "$CHROMIUM" ] && [ -f "$EMOJI_FONT" ]; then
  echo "chromium: present ($("$CHROMIUM" --version 2>/dev/null || echo "version unknown"))"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if [ -x "$CHROMIUM" ]; then
    echo "chromium: present; for emoji in screenshots: sudo apt-get install -y fonts-noto-color-emoji"
    exit 0
  fi
  echo "chromium: missing at $CHROMIUM and not root." >&2
  echo "Install it with: sudo apt-get update && sudo apt-get install -y chromium fonts-noto-color-emoji" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-noto-color-emoji >/dev/null
echo "chromium: installed ($("$CHROMIUM" --version 2>/dev/null || echo "version unknown"))"
