#!/usr/bin/env bash
# The production stack on one machine, on 127.0.0.1 (docs/deployment.md, "Production stack"):
#   PostgreSQL (shared server, database cancerhelp_stack) + Redis (shared server, db 3,
#   own key prefix) + gunicorn + Varnish (a caching reverse proxy that the app purges).
#
#   ops/stack.sh up      start it (installs Varnish from Debian when missing); prints the URLs
#   ops/stack.sh down    stop what `up` started (PostgreSQL and Redis keep running)
#   ops/stack.sh check   up, prove it serves, purges on publish and survives the app going
#                        down, then down (CI runs this; `make prod-check`)
#   ops/stack.sh env     print the environment the app servers run with
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
STACK=${STACK_DIR:-$ROOT/var/stack}
BIN=$ROOT/.venv/bin
PG_BASE=${STACK_PG_URL:-postgres://postgres@127.0.0.1:5432}
DB_NAME=${STACK_DB:-cancerhelp_stack}
REDIS=${STACK_REDIS_URL:-redis://127.0.0.1:6379/3}
# gunicorn's sync workers wait on PostgreSQL and Redis: one more than the cores keeps them busy.
WORKERS=${STACK_WORKERS:-$(($(nproc) + 1))}
# Each worker touches its heartbeat file on every request: keep it in memory (gunicorn's FAQ).
WORKER_TMP_DIR=/tmp
if [ -d /dev/shm ] && [ -w /dev/shm ]; then WORKER_TMP_DIR=/dev/shm; fi
mkdir -p "$STACK"

free_port() {
    "$BIN/python" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"
}

ports() {
    if [ ! -f "$STACK/ports" ]; then
        echo "PROXY_PORT=${STACK_PROXY_PORT:-$(free_port)} APP_PORT=${STACK_APP_PORT:-$(free_port)}" >"$STACK/ports"
    fi
    # shellcheck disable=SC1091
    eval "$(cat "$STACK/ports")"
}

app_env() {
    ports
    cat <<EOF
export DJANGO_SETTINGS_MODULE=cancerhelp.settings.production
export SECRET_KEY="$(cat "$ROOT/var/secret_key")"
export ALLOWED_HOSTS=127.0.0.1,localhost
export HTTPS=off
export CANCERHELP_VAR_DIR="$STACK"
export DATABASE_URL="$PG_BASE/$DB_NAME"
export REDIS_URL="$REDIS"
export CACHE_KEY_PREFIX=cancerhelp-stack
export FRONTEND_CACHE_URL="http://127.0.0.1:$PROXY_PORT"
export WAGTAILADMIN_BASE_URL="http://127.0.0.1:$PROXY_PORT"
export STACK_WORKERS=$WORKERS
export STACK_WORKER_TMP_DIR=$WORKER_TMP_DIR
EOF
}

install_varnish() {
    command -v varnishd >/dev/null 2>&1 || [ -x /usr/sbin/varnishd ] && return 0
    echo "Installing Varnish from Debian..."
    apt-get install -y -q varnish >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q varnish; }
    # Debian's package may start its own service on :6081; this stack runs its own.
    if [ -f /run/varnishd.pid ] || pgrep -x varnishd >/dev/null 2>&1; then
        service varnish stop >/dev/null 2>&1 || true
    fi
}

wait_http() {  # url, seconds
    for _ in $(seq 1 $(($2 * 5))); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        sleep 0.2
    done
    echo "Timed out waiting for $1" >&2
    return 1
}

up() {
    install_varnish
    test -f var/secret_key || make --no-print-directory var/secret_key
    test -x "$BIN/gunicorn" || make --no-print-directory setup
    ports
    eval "$(app_env)"
    "$BIN/python" - <<EOF
import psycopg
with psycopg.connect("$PG_BASE/postgres", autocommit=True) as conn:
    if not conn.execute("select 1 from pg_database where datname = %s", ["$DB_NAME"]).fetchone():
        conn.execute('create database "$DB_NAME"')
EOF
    # Loading purges nothing: the proxy is not up yet and holds nothing.
    FRONTEND_CACHE_URL="" "$BIN/python" manage.py migrate --no-input -v0
    FRONTEND_CACHE_URL="" "$BIN/python" manage.py load_initial_content -v0
    FRONTEND_CACHE_URL="" "$BIN/python" manage.py shell -c "
from wagtail.models import Site
site = Site.objects.get(is_default_site=True)
site.hostname, site.port = '127.0.0.1', $PROXY_PORT
site.save()"
    test -f "$STACK/static/staticfiles.json" || "$BIN/python" manage.py collectstatic --no-input -v0
    "$BIN/gunicorn" cancerhelp.wsgi:application --bind "127.0.0.1:$APP_PORT" --workers "$WORKERS" \
        --worker-tmp-dir "$WORKER_TMP_DIR" --daemon --pid "$STACK/gunicorn.pid" --error-logfile "$STACK/gunicorn.log" --log-level warning
    # varnishd reads its VCL and keeps its working directory as its own unprivileged user,
    # who may not be able to reach a checkout inside a private directory (CI's is): both
    # live in a directory of their own under /tmp, removed by `down`.
    local vdir
    vdir=$(mktemp -d /tmp/cancerhelp-varnish.XXXXXX)
    chmod 755 "$vdir"
    echo "$vdir" >"$STACK/varnish_dir"
    sed -e "s/@APP_PORT@/$APP_PORT/" -e "s|@PURGERS@|${STACK_PURGERS:-}|" ops/varnish.vcl >"$vdir/varnish.vcl"
    chmod 644 "$vdir/varnish.vcl"
    # Varnish's shared-memory log keeps each request's URL and status, backend fetches and
    # errors; not the headers (readers' User-Agent, Referer, cookies), the client's address,
    # each VCL step, nor the timestamps and byte counts, whose formatting (printf) took about
    # 10% of Varnish's CPU per request here. Private, and faster. To look into a problem:
    # varnishadm -n <work dir> param.set vsl_mask +Timestamp,+ReqAcct,+ReqHeader
    local vsl_mask=-ReqHeader,-RespHeader,-ReqUnset,-RespUnset,-BereqHeader,-BerespHeader,-BereqUnset
    vsl_mask=$vsl_mask,-BerespUnset,-ObjHeader,-VCL_call,-VCL_return,-Link,-Storage,-Hit,-Timestamp
    vsl_mask=$vsl_mask,-ReqAcct,-BereqAcct,-ReqStart,-SessOpen,-Filters,-VCL_use,-ReqProtocol
    vsl_mask=$vsl_mask,-RespProtocol,-RespReason,-ReqMethod
    varnishd -a "127.0.0.1:$PROXY_PORT" -f "$vdir/varnish.vcl" -n "$vdir/work" \
        -P "$STACK/varnish.pid" -s malloc,128m -T 127.0.0.1:0 -p vsl_mask="$vsl_mask"
    wait_http "http://127.0.0.1:$APP_PORT/robots.txt" 60
    wait_http "http://127.0.0.1:$PROXY_PORT/robots.txt" 30
    echo "Stack up: http://127.0.0.1:$PROXY_PORT/ (Varnish) -> http://127.0.0.1:$APP_PORT/ (gunicorn)"
}

stop_pidfile() {
    local file=$1
    [ -f "$file" ] || return 0
    local pid
    pid=$(cat "$file")
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$file"
}

app_down() { stop_pidfile "$STACK/gunicorn.pid"; }

down() {
    app_down
    stop_pidfile "$STACK/varnish.pid"
    if [ -f "$STACK/varnish_dir" ]; then
        case $(cat "$STACK/varnish_dir") in /tmp/cancerhelp-varnish.*) rm -rf "$(cat "$STACK/varnish_dir")" ;; esac
        rm -f "$STACK/varnish_dir"
    fi
    rm -f "$STACK/ports"
    echo "Stack down."
}

shows() {  # url, text: the page answers and contains the text
    # Not `curl | grep -q`: under pipefail, grep leaving at the first match makes curl fail
    # with "Failure writing output" (23) whenever the rest of the page arrives after it.
    curl -fsS -o "$STACK/fetched.html" "$1" && grep -q "$2" "$STACK/fetched.html"
}

check() {
    trap down EXIT
    up
    ports
    eval "$(app_env)"
    local proxy="http://127.0.0.1:$PROXY_PORT" page="/what-is-metastatic-cancer/"
    local first second
    first=$(curl -fsS -D - -o /dev/null "$proxy$page")
    second=$(curl -fsS -D - -o "$STACK/page.html" "$proxy$page")
    grep -qi "^X-Proxy-Cache: hit" <<<"$second" || { echo "FAIL: second GET not from the proxy cache" >&2; exit 1; }
    grep -qi "^Cache-Control: public" <<<"$first" || { echo "FAIL: page not public" >&2; exit 1; }
    echo "ok: the proxy serves the topic page from its cache"
    local marker="Checked-by-stack-$RANDOM"
    "$BIN/python" manage.py shell -c "
from cancerhelp.topics.models import TopicPage
page = TopicPage.objects.get(locale__language_code='en', slug='what-is-metastatic-cancer')
page.summary = '$marker'
page.save_revision().publish()"
    local started
    started=$(date +%s%N)
    shows "$proxy$page" "$marker" || { echo "FAIL: publish did not purge the proxy" >&2; exit 1; }
    echo "ok: published change visible through the proxy (next GET took $((($(date +%s%N) - started) / 1000000)) ms)"
    shows "$proxy/" "$marker" || { echo "FAIL: the home page kept the old summary" >&2; exit 1; }
    curl -fsS -o /dev/null "$proxy/es/"
    app_down
    shows "$proxy$page" "$marker" || { echo "FAIL: cached page lost with the app down" >&2; exit 1; }
    curl -fsS -o /dev/null "$proxy/es/" || { echo "FAIL: Spanish home lost with the app down" >&2; exit 1; }
    echo "ok: the proxy keeps serving cached pages while the app servers are down"
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    check) check ;;
    env) app_env ;;
    *) echo "usage: $0 up|down|check|env" >&2; exit 2 ;;
esac
