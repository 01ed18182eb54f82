#!/usr/bin/env bash
# Foundation benchmark: requests/s and p99 latency of GET /api/v1/config and
# GET /api/v1/accounts with wrk, beside nginx serving the same JSON bodies as
# static files (the baseline), plus the server's idle resident memory.
# Goals: at least half of nginx's requests/s; idle RSS under 30 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VIDIVERSE_BIN:-build/vidiverse}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
work=$(mktemp -d /tmp/vv-bench.XXXXXX)
trap 'kill $(cat $work/*.pid 2>/dev/null) 2>/dev/null || true; nginx -p $work/nginx -c nginx.conf -s stop 2>/dev/null || true; rm -rf $work' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
VP=$(free_port); NP=$(free_port)

cat > $work/config.yaml <<YAML
listen: {hostname: 127.0.0.1, port: $VP}
webserver: {hostname: 127.0.0.1, port: $VP}
storage: {root: $work/data}
server: {access_log: false}
log: {level: warn}
rates_limit: {api: {max: 100000000}}
YAML
PT_INITIAL_ROOT_PASSWORD=benchpass $BIN serve --config $work/config.yaml > $work/server.log 2>&1 &
echo $! > $work/server.pid
for i in $(seq 1 100); do curl -sf http://127.0.0.1:$VP/api/v1/config >/dev/null && break; sleep 0.1; done

# Some accounts so the list is not trivially empty (20 users via the admin API).
client=$(curl -sf http://127.0.0.1:$VP/api/v1/oauth-clients/local)
cid=$(echo "$client" | python3 -c 'import json,sys; print(json.load(sys.stdin)["client_id"])')
csec=$(echo "$client" | python3 -c 'import json,sys; print(json.load(sys.stdin)["client_secret"])')
token=$(curl -sf -d "client_id=$cid&client_secret=$csec&grant_type=password&username=root&password=benchpass" \
  http://127.0.0.1:$VP/api/v1/users/token | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
for i in $(seq 1 19); do
  curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"bench$i\",\"password\":\"benchpass\",\"email\":\"b$i@example.com\",\"role\":2,\"videoQuota\":-1,\"videoQuotaDaily\":-1}" \
    http://127.0.0.1:$VP/api/v1/users
done

sleep 1
idle_rss_kb=$(ps -o rss= -p $(cat $work/server.pid) | tr -d ' ')

mkdir -p $work/nginx/logs $work/nginx/html/api/v1 $work/nginx/tmp
curl -sf http://127.0.0.1:$VP/api/v1/config > $work/nginx/html/api/v1/config
curl -sf http://127.0.0.1:$VP/api/v1/accounts > $work/nginx/html/api/v1/accounts
cat > $work/nginx/nginx.conf <<NGINX
worker_processes $(nproc);
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  default_type application/json;
  sendfile on;
  server {
    listen 127.0.0.1:$NP;
    root $work/nginx/html;
  }
}
NGINX
nginx -p $work/nginx -c nginx.conf

measure() {  # url [header] -> "rps p99_ms"
  if [ $# -gt 1 ]; then
    wrk -t2 -c$CONNS -d$DURATION --latency -H "$2" "$1" > $work/wrk.txt 2>&1
  else
    wrk -t2 -c$CONNS -d$DURATION --latency "$1" > $work/wrk.txt 2>&1
  fi
  rps=$(awk '/Requests\/sec/ {print $2}' $work/wrk.txt)
  p99=$(awk '$1=="99%" {print $2}' $work/wrk.txt)
  # wrk prints units (us, ms, s): convert to ms
  p99_ms=$(python3 -c "import sys,re; v='$p99'; m=re.match(r'([0-9.]+)(us|ms|s)',v); print(round(float(m.group(1))*{'us':0.001,'ms':1,'s':1000}[m.group(2)],2))")
  echo "$rps $p99_ms"
}

printf '%-22s %14s %10s %14s %10s %8s\n' endpoint "vidiverse r/s" "p99 ms" "nginx r/s" "p99 ms" ratio
for path in /api/v1/config /api/v1/accounts; do
  read v_rps v_p99 < <(measure http://127.0.0.1:$VP$path)
  read n_rps n_p99 < <(measure http://127.0.0.1:$NP$path)
  ratio=$(python3 -c "print(f'{$v_rps/$n_rps:.2f}')")
  printf '%-22s %14.0f %10s %14.0f %10s %8s\n' "GET $path" "$v_rps" "$v_p99" "$n_rps" "$n_p99" "$ratio"
done
# Authenticated requests skip the anonymous response cache: the database path.
read v_rps v_p99 < <(measure http://127.0.0.1:$VP/api/v1/accounts "Authorization: Bearer $token")
read n_rps n_p99 < <(measure http://127.0.0.1:$NP/api/v1/accounts)
ratio=$(python3 -c "print(f'{$v_rps/$n_rps:.2f}')")
printf '%-22s %14.0f %10s %14.0f %10s %8s\n' "GET /api/v1/accounts*" "$v_rps" "$v_p99" "$n_rps" "$n_p99" "$ratio"
echo "* with a bearer token: not served from the anonymous response cache (database query + token check)"
loaded_rss_kb=$(ps -o rss= -p $(cat $work/server.pid) | tr -d ' ')
echo
echo "idle RSS (after start and 20 users): $((idle_rss_kb / 1024)) MB   (goal < 30 MB)"
echo "RSS after the load above:            $((loaded_rss_kb / 1024)) MB"
echo "wrk: 2 threads, $CONNS connections, $DURATION per endpoint, client on the same $(nproc)-core machine"
