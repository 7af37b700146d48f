#!/usr/bin/env bash
# Installs the Debian packages the Synapse adapter imports (Debian 12), with apt-get, if any is missing.
set -euo pipefail
packages=(python3-attr python3-canonicaljson python3-signedjson python3-unpaddedbase64 python3-immutabledict
  python3-twisted python3-prometheus-client python3-matrix-common python3-netaddr python3-packaging python3-pil
  python3-jinja2 python3-yaml python3-typing-extensions)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
