#!/usr/bin/env bash
# Foundation benchmark: requests/s and p99 latency of GET /api/v1/config and
# GET /api/v1/accounts with wrk, beside nginx serving the same JSON bodies as
# static files (the baseline), plus the server's idle resident memory.
# Goals: at least half of nginx's requests/s; idle RSS under 30 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_start_server
bench_login

# Some accounts so the list is not trivially empty (20 users via the admin API).
for i in $(seq 1 19); do
  curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"bench$i\",\"password\":\"benchpass\",\"email\":\"b$i@example.com\",\"role\":2,\"videoQuota\":-1,\"videoQuotaDaily\":-1}" \
    http://127.0.0.1:$VP/api/v1/users
done

sleep 1
idle_rss_kb=$(ps -o rss= -p $(cat $work/server.pid) | tr -d ' ')

bench_start_nginx
mkdir -p $work/nginx/html/api/v1
curl -sf http://127.0.0.1:$VP/api/v1/config > $work/nginx/html/api/v1/config
curl -sf http://127.0.0.1:$VP/api/v1/accounts > $work/nginx/html/api/v1/accounts

printf '%-22s %14s %10s %14s %10s %8s\n' endpoint "vidiverse r/s" "p99 ms" "nginx r/s" "p99 ms" ratio
for path in /api/v1/config /api/v1/accounts; do
  read v_rps v_p99 < <(bench_measure http://127.0.0.1:$VP$path)
  read n_rps n_p99 < <(bench_measure http://127.0.0.1:$NP$path)
  ratio=$(bench_ratio $v_rps $n_rps)
  printf '%-22s %14.0f %10s %14.0f %10s %8s\n' "GET $path" "$v_rps" "$v_p99" "$n_rps" "$n_p99" "$ratio"
done
# Authenticated requests skip the anonymous response cache: the database path.
read v_rps v_p99 < <(bench_measure http://127.0.0.1:$VP/api/v1/accounts "Authorization: Bearer $token")
read n_rps n_p99 < <(bench_measure http://127.0.0.1:$NP/api/v1/accounts)
ratio=$(bench_ratio $v_rps $n_rps)
printf '%-22s %14.0f %10s %14.0f %10s %8s\n' "GET /api/v1/accounts*" "$v_rps" "$v_p99" "$n_rps" "$n_p99" "$ratio"
echo "* with a bearer token: not served from the anonymous response cache (database query + token check)"
loaded_rss_kb=$(ps -o rss= -p $(cat $work/server.pid) | tr -d ' ')
echo
echo "idle RSS (after start and 20 users): $((idle_rss_kb / 1024)) MB   (goal < 30 MB)"
echo "RSS after the load above:            $((loaded_rss_kb / 1024)) MB"
echo "wrk: 2 threads, $CONNS connections, $DURATION per endpoint, client on the same $(nproc)-core machine"
