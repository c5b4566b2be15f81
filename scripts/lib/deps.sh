# shellcheck shell=bash
# Installs the test dependencies (apt packages, Python venv). Source after common.sh.

PEYVAND_APT_PACKAGES=(postgresql chromium chromium-driver wrk sqlite3)

# True when the Debian package is installed.
apt_pkg_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

# Install PEYVAND_APT_PACKAGES that are missing; do nothing (not even apt-get update) otherwise.
ensure_apt_packages() {
  local missing=() p
  for p in "${PEYVAND_APT_PACKAGES[@]}"; do
    apt_pkg_installed "$p" || missing+=("$p")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "apt packages already present: ${PEYVAND_APT_PACKAGES[*]}"
    return 0
  fi
  log "installing apt packages: ${missing[*]}"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install ${missing[*]} by hand"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null || die "apt-get update failed"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null \
    || die "apt-get install ${missing[*]} failed"
  for p in "${missing[@]}"; do
    apt_pkg_installed "$p" || die "apt package $p is still not installed"
  done
}

# Create .venv if needed and install requirements-test.txt when it changed.
# Args: ROOT
ensure_venv() {
  local root="$1" venv="$1/.venv" req="$1/requirements-test.txt" stamp want have
  [ -f "$req" ] || die "missing $req"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
    log "creating $venv"
    rm -rf "$venv"
    python3 -m venv "$venv" || die "python3 -m venv failed (apt-get install python3-venv?)"
  fi
  stamp="$venv/.peyvand-requirements.sha256"
  want="$( { sha256sum "$req" | cut -d' ' -f1; "$venv/bin/python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"
  have="$(cat "$stamp" 2>/dev/null || true)"
  if [ "$want" = "$have" ]; then
    log "python test dependencies up to date ($venv)"
    return 0
  fi
  log "installing python test dependencies from requirements-test.txt"
  rm -f "$stamp"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req" </dev/null \
    || die "pip install -r requirements-test.txt failed"
  printf '%s\n' "$want" >"$stamp"
}
