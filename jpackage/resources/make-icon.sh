#!/usr/bin/env bash
# Redraws saescope.png (256x256) with ImageMagick: a magnifier over a row of activation bars.
# The PNG is committed; run this only to change the icon.
set -euo pipefail
cd "$(dirname "$0")"
convert -size 256x256 xc:none \
  -fill '#1f2a44' -draw 'roundrectangle 8,8 247,247 40,40' \
  -fill '#f2c14e' -draw 'rectangle 40,176 64,216' \
  -fill '#f78154' -draw 'rectangle 72,150 96,216' \
  -fill '#4d9de0' -draw 'rectangle 104,190 128,216' \
  -fill '#e15554' -draw 'rectangle 136,128 160,216' \
  -fill '#7768ae' -draw 'rectangle 168,170 192,216' \
  -fill '#3bb273' -draw 'rectangle 200,196 224,216' \
  -fill 'rgba(255,255,255,0.15)' -stroke '#ffffff' -strokewidth 14 -draw 'circle 112,92 112,40' \
  -stroke '#ffffff' -strokewidth 22 -draw 'line 150,130 196,176' \
  -strip -depth 8 -define png:compression-level=9 saescope.png
