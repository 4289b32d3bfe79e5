#!/usr/bin/env bash
# Build the documentation site: bash tools/build_docs.sh [SITE_DIR]   (default: site)
#
# Installs the docs requirements (mkdocs-material, mkdocstrings[python]) into the current
# Python environment if they are missing, then runs `mkdocs build --strict`, which fails on
# any warning: a broken link or anchor, a page missing from the navigation, an object the API
# reference cannot find. Run it from anywhere inside a clone, with the environment that has
# deterrence installed active (the API reference is generated from its docstrings).
set -euo pipefail

# SITE_DIR, if given, is relative to the current folder; the default is site/ at the root of
# the repository.
site_dir="${1:-}"
if [[ -n "$site_dir" && "$site_dir" != /* ]]; then
    site_dir="$PWD/$site_dir"
fi
cd "$(dirname "$0")/.."
site_dir="${site_dir:-site}"

# The Python of the current environment (PYTHON=... to choose another).
python="${PYTHON:-$(command -v python || command -v python3)}"

# Keep these in step with the `docs` extra proposed for pyproject.toml.
requirements=("mkdocs-material>=9" "mkdocstrings[python]>=0.24")

if ! "$python" -c "import mkdocs, material, mkdocstrings, mkdocstrings_handlers.python" 2>/dev/null; then
    echo "Installing the docs requirements: ${requirements[*]}"
    "$python" -m pip install --quiet "${requirements[@]}"
fi

# mkdocs-material prints a notice about its future on every build; it is not a warning of
# this build.
export NO_MKDOCS_2_WARNING="${NO_MKDOCS_2_WARNING:-1}"

start=$SECONDS
"$python" -m mkdocs build --strict --site-dir "$site_dir"
echo "Built the site in $site_dir in $((SECONDS - start)) s"
