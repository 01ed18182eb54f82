# Shared by the benchmark scripts (sourced): a throwaway Vidiverse server, an
# nginx serving static copies of its answers (the baseline), and wrk.
#   bench_start_server      -> $VP, $B (base URL), $work (temp dir, removed on exit)
#   bench_login             -> $token, $AUTH ("Authorization: Bearer ...")
#   bench_start_nginx       -> $NP; serves $work/nginx/html
#   bench_measure URL [HDR] -> prints "requests_per_s p99_ms"
#   bench_ratio A B         -> prints A/B with two decimals
BIN=${VIDIVERSE_BIN:-build/vidiverse}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}

bench_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

bench_cleanup() {
  kill $(cat $work/*.pid 2>/dev/null) 2>/dev/null || true
  nginx -p $work/nginx -c nginx.conf -s stop 2>/dev/null || true
  rm -rf $work
}

bench_start_server() {  # [tmp parent dir]
  work=$(mktemp -d ${1:-/tmp}/vv-bench.XXXXXX)
  trap bench_cleanup EXIT
  VP=$(bench_free_port)
  B=http://127.0.0.1:$VP
  cat > $work/config.yaml <<YAML
listen: {hostname: 127.0.0.1, port: $VP}
webserver: {hostname: 127.0.0.1, port: $VP}
storage: {root: $work/data}
server: {access_log: false}
log: {level: warn}
rates_limit: {api: {max: 100000000}}
${BENCH_EXTRA_CONFIG:-}
YAML
  PT_INITIAL_ROOT_PASSWORD=benchpass $BIN serve --config $work/config.yaml > $work/server.log 2>&1 &
  echo $! > $work/server.pid
  for i in $(seq 1 100); do curl -sf $B/api/v1/config >/dev/null && break; sleep 0.1; done
}

bench_login() {
  local client cid csec
  client=$(curl -sf $B/api/v1/oauth-clients/local)
  cid=$(echo "$client" | python3 -c 'import json,sys; print(json.load(sys.stdin)["client_id"])')
  csec=$(echo "$client" | python3 -c 'import json,sys; print(json.load(sys.stdin)["client_secret"])')
  token=$(curl -sf -d "client_id=$cid&client_secret=$csec&grant_type=password&username=root&password=benchpass" \
    $B/api/v1/users/token | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  AUTH="Authorization: Bearer $token"
}

bench_start_nginx() {
  NP=$(bench_free_port)
  mkdir -p $work/nginx/logs $work/nginx/html $work/nginx/tmp
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
  server { listen 127.0.0.1:$NP; root $work/nginx/html; }
}
NGINX
  nginx -p $work/nginx -c nginx.conf
}

bench_measure() {  # url [header]
  if [ $# -gt 1 ]; then wrk -t2 -c$CONNS -d$DURATION --latency -H "$2" "$1" > $work/wrk.txt 2>&1
  else wrk -t2 -c$CONNS -d$DURATION --latency "$1" > $work/wrk.txt 2>&1; fi
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' $work/wrk.txt)
  p99=$(awk '$1=="99%" {print $2}' $work/wrk.txt)
  # wrk prints units (us, ms, s): convert to ms
  echo "$rps $(python3 -c "import re; m=re.match(r'([0-9.]+)(us|ms|s)','$p99'); print(round(float(m.group(1))*{'us':0.001,'ms':1,'s':1000}[m.group(2)],2))")"
}

bench_ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
