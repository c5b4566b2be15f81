# shellcheck shell=bash
# Installs the test dependencies (apt packages, the Python venvs). Source after common.sh.

PEYVAND_APT_PACKAGES=(postgresql chromium chromium-driver wrk sqlite3 openssl)

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

# Create VENV with PYTHON if needed and pip-install REQ into it when REQ or the
# venv's Python changed (a stamp file in VENV records what was installed). With
# CHECK=check, `pip check` must also pass after the install.
# Args: VENV REQ WHAT PYTHON [CHECK]   (WHAT names the packages in the log)
venv_install_requirements() {
  local venv="$1" req="$2" what="$3" python="$4" check="${5:-}" name stamp want have
  name="$(basename "$req")"
  [ -f "$req" ] || die "missing $req"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
    log "creating $venv"
    rm -rf "$venv"
    "$python" -m venv "$venv" || die "$python -m venv failed (apt-get install python3-venv?)"
  fi
  stamp="$venv/.peyvand-requirements.sha256"
  want="$( { sha256sum "$req" | cut -d' ' -f1; "$venv/bin/python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"
  have="$(cat "$stamp" 2>/dev/null || true)"
  if [ "$want" = "$have" ]; then
    log "$what up to date ($venv)"
    return 0
  fi
  log "installing $what from $name"
  rm -f "$stamp"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req" </dev/null \
    || die "pip install -r $name failed"
  if [ "$check" = check ]; then
    "$venv/bin/python" -m pip check --disable-pip-version-check </dev/null \
      || die "pip check in $venv failed after installing $name: the pinned versions do not fit together"
  fi
  printf '%s\n' "$want" >"$stamp"
}

# Create .venv if needed and install requirements-test.txt when it changed.
# Args: ROOT
ensure_venv() {
  venv_install_requirements "$1/.venv" "$1/requirements-test.txt" "python test dependencies" python3
}

# The Python for .venv-reference: requirements-reference.txt pins wheels that exist
# for CPython 3.11 and 3.12 only (numpy 1.26 stops at 3.12; lifelines, matplotlib
# and scikit-learn need 3.11+). Prints the first of python3, python3.11, python3.12
# that is one of those.
reference_python() {
  local p
  for p in python3 python3.11 python3.12; do
    command -v "$p" >/dev/null 2>&1 || continue
    if "$p" -c 'import sys; sys.exit(0 if sys.version_info[:2] in ((3, 11), (3, 12)) else 1)' >/dev/null 2>&1; then
      printf '%s\n' "$p"
      return 0
    fi
  done
  return 1
}

# Create .venv-reference if needed and install requirements-reference.txt (the
# reference packages the analytics fixture scripts run) when it changed.
# Args: ROOT
ensure_reference_venv() {
  local venv="$1/.venv-reference" python
  python="$(reference_python)" \
    || die "no CPython 3.11 or 3.12 found (python3, python3.11, python3.12); requirements-reference.txt needs one"
  # A venv left from another Python version cannot take these wheels: start again.
  if [ -x "$venv/bin/python" ] && ! "$venv/bin/python" -c 'import sys; sys.exit(0 if sys.version_info[:2] in ((3, 11), (3, 12)) else 1)' >/dev/null 2>&1; then
    log "removing $venv (not CPython 3.11 or 3.12)"
    rm -rf "$venv"
  fi
  venv_install_requirements "$venv" "$1/requirements-reference.txt" "reference packages for the analytics fixtures" "$python" check
}
