#!/usr/bin/env bash
# Start the real CKAN of ../shared/ckan (if present) and run the given command with
# PUBLISHER_TEST_CKAN_URL and PUBLISHER_TEST_CKAN_TOKEN set; without it, run the command as is
# (the real-CKAN half of the suite then skips with a message).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
ckan_dir="$here/../shared/ckan"
if [ -x "$ckan_dir/start-ckan.sh" ] || [ -f "$ckan_dir/start-ckan.sh" ]; then
  lab="${CKANLAB_DIR:-/tmp/ckanlab}"
  # With ckanext-harvest's CKAN and DCAT harvesters, so the real harvesters read our feeds.
  export CKAN_WITH_HARVEST="${CKAN_WITH_HARVEST:-1}"
  if ! bash "$ckan_dir/start-ckan.sh"; then
    [ "$CKAN_WITH_HARVEST" = 1 ] || exit 1
    # The harvesters are an addition: without them the lab still serves the conformance
    # suite, and the real-harvester tests skip with a message saying why.
    echo "note: the CKAN lab did not start with ckanext-harvest; starting it without"
    bash "$ckan_dir/stop-ckan.sh" || true
    CKAN_WITH_HARVEST=0 bash "$ckan_dir/start-ckan.sh"
  fi
  # shellcheck disable=SC1091
  . "$lab/ckan.env"
  export PUBLISHER_TEST_CKAN_URL="$CKAN_URL" PUBLISHER_TEST_CKAN_TOKEN="$CKAN_API_TOKEN"
else
  echo "note: $ckan_dir not found; real-CKAN tests will skip"
fi
exec "$@"
