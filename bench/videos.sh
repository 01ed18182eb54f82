#!/usr/bin/env bash
# Videos benchmark (issue 3), one run, each figure beside its baseline:
#  - GET /api/v1/videos?count=25 and GET /api/v1/videos/{uuid} with 10,000
#    videos in the database (SQLite), wrk, beside nginx serving the same
#    bodies as static files. Goal: at least a quarter of nginx's requests/s.
#  - upload of a 1 GB file, legacy multipart and resumable (8 chunks), from
#    request start to the answer (the video exists), beside `cp` of the same
#    file on the same disk. Goal: within 1.5x of cp.
set -euo pipefail
cd "$(dirname "$0")/.."
UPLOAD_MB=${BENCH_UPLOAD_MB:-1024}
source bench/lib.sh
# Transcoding on (the default: uploads get no torrent, the pipeline makes
# the files) but no job runs, so that ffmpeg does not share the CPU with
# what is measured here (bench/transcoding.sh measures the pipeline).
BENCH_EXTRA_CONFIG="jobs: {enabled: false}" bench_start_server /var/tmp   # /var/tmp: the 1 GB files stay off tmpfs
bench_login

# One real video, then 9,999 copies of its rows (new UUIDs, names, dates).
ffmpeg -loglevel error -f lavfi -i testsrc=size=320x180:rate=25 -f lavfi -i sine -t 2 -c:v libx264 -pix_fmt yuv420p -c:a aac $work/clip.mp4
curl -sf -o /dev/null -H "$AUTH" -F videofile=@$work/clip.mp4 -F channelId=1 -F name="seed video" -F privacy=1 \
  -F "tags[]=bench" -F description="A benchmark video" $B/api/v1/videos/upload
sqlite3 $work/data/vidiverse.db <<SQL
.timeout 10000
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
INSERT INTO videos (uuid, name, category, licence, language, privacy, nsfw, description, duration, views, likes,
  is_local, url, state, aspect_ratio, channel_id, published_at, created_at, updated_at)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' ||
       substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
       'bench video ' || i, 1 + i % 18, 1 + i % 9, 'en', 1, 0, 'Benchmark description ' || i, 2 + i % 600, i % 1000,
       i % 50, 1, 'pending-' || i, 1, 1.778, 1, v.published_at - i * 1000, v.created_at - i * 1000, v.updated_at
FROM n, videos v WHERE v.id = 1;
UPDATE videos SET url = '$B/videos/watch/' || uuid WHERE url LIKE 'pending-%';
INSERT INTO video_thumbnails (video_id, type, filename, width, height, created_at)
  SELECT id, 1, 'seed-t-' || id || '.jpg', 280, 157, created_at FROM videos WHERE id > 1;
INSERT INTO video_thumbnails (video_id, type, filename, width, height, created_at)
  SELECT id, 2, 'seed-p-' || id || '.jpg', 850, 480, created_at FROM videos WHERE id > 1;
INSERT INTO video_tags (video_id, name, position) SELECT id, 'bench', 0 FROM videos WHERE id > 1;
INSERT INTO video_search (rowid, name, description, tags) SELECT id, name, description, 'bench' FROM videos WHERE id > 1;
SQL
count=$(curl -sf "$B/api/v1/videos?count=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
uuid=$(sqlite3 $work/data/vidiverse.db "SELECT uuid FROM videos WHERE id = 5000")

bench_start_nginx
mkdir -p $work/nginx/html/api/v1/videos
curl -sf "$B/api/v1/videos?count=25" > $work/nginx/html/api/v1/videos/list
curl -sf "$B/api/v1/videos/$uuid" > $work/nginx/html/api/v1/videos/one

row() {  # label our_url nginx_url [header]
  read v_rps v_p99 < <(bench_measure "$2" ${4:+"$4"})
  read n_rps n_p99 < <(bench_measure "$3")
  printf '%-34s %12.0f %9s %12.0f %9s %7s\n' "$1" "$v_rps" "$v_p99" "$n_rps" "$n_p99" "$(bench_ratio $v_rps $n_rps)"
}
echo "videos in the database: $count"
printf '%-34s %12s %9s %12s %9s %7s\n' endpoint "vidiverse r/s" "p99 ms" "nginx r/s" "p99 ms" ratio
row "GET /videos?count=25" "$B/api/v1/videos?count=25" "http://127.0.0.1:$NP/api/v1/videos/list"
row "GET /videos?count=25 (token)*" "$B/api/v1/videos?count=25" "http://127.0.0.1:$NP/api/v1/videos/list" "$AUTH"
row "GET /videos/{uuid}" "$B/api/v1/videos/$uuid" "http://127.0.0.1:$NP/api/v1/videos/one"
echo "* with a bearer token: past the anonymous response cache; the page comes from the signed-in page cache (same query key, watch positions added per viewer) and the token from the token cache"

# ---- upload throughput ----
ffmpeg -loglevel error -f lavfi -i testsrc=size=640x360:rate=25 -t 2 -c:v libx264 -pix_fmt yuv420p -movflags +faststart $work/head.mp4
cp $work/head.mp4 $work/big.mp4
head -c $((UPLOAD_MB * 1024 * 1024)) /dev/zero >> $work/big.mp4   # media header + padding ffprobe ignores
size=$(stat -c %s $work/big.mp4)
chunk=$(( (size + 7) / 8 ))
split -b $chunk -d $work/big.mp4 $work/part.   # the chunks as the client reads them (not timed)

# Write-back of dirty pages (and the kernel throttling writers past its
# dirty threshold) dominates these timings and drifts from one moment to
# the next, so each upload is compared with a cp measured just before it,
# from the same clean state (everything synced).
cp_time() {
  sync
  local t0 t1
  t0=$(date +%s.%N); cp $work/big.mp4 $work/data/cp-copy.mp4; sync; t1=$(date +%s.%N)
  rm -f $work/data/cp-copy.mp4; sync
  python3 -c "print($t1 - $t0)"
}

cp_legacy_s=$(cp_time)
t0=$(date +%s.%N)
curl -sf -o /dev/null -H "$AUTH" -F videofile=@$work/big.mp4 -F channelId=1 -F name="big legacy" $B/api/v1/videos/upload
sync; t1=$(date +%s.%N)
legacy_s=$(python3 -c "print($t1 - $t0)")

cp_resumable_s=$(cp_time)
t0=$(date +%s.%N)
loc=$(curl -sf -D - -o /dev/null -H "$AUTH" -H 'Content-Type: application/json' -H "X-Upload-Content-Length: $size" \
  -H 'X-Upload-Content-Type: video/mp4' -d '{"name":"big resumable","channelId":1,"filename":"big.mp4"}' \
  $B/api/v1/videos/upload-resumable | tr -d '\r' | awk -F': ' 'tolower($1)=="location"{print $2}')
off=0
for part in $work/part.*; do
  len=$(stat -c %s $part)
  # -T streams the file with a Content-Length
  curl -sf -o /dev/null -X PUT -H "$AUTH" -H "Content-Range: bytes $off-$((off + len - 1))/$size" \
    -H 'Content-Type: application/octet-stream' -T $part "$loc" || true
  off=$((off + len))
done
sync; t1=$(date +%s.%N)
resumable_s=$(python3 -c "print($t1 - $t0)")
created=$(curl -sf -H "$AUTH" "$B/api/v1/users/me/videos?count=100" | python3 -c 'import json,sys; print(sum(1 for v in json.load(sys.stdin)["data"] if v["name"].startswith("big ")))')
[ "$created" = 2 ] || { echo "uploads failed: $created of 2 big videos exist" >&2; exit 1; }
echo
printf 'upload of %d MB (each + sync)    seconds   cp + sync just before   ratio\n' $((size / 1024 / 1024))
printf '  legacy multipart              %7.2f   %7.2f                 %5.2f\n' $legacy_s $cp_legacy_s $(python3 -c "print($legacy_s / $cp_legacy_s)")
printf '  resumable, 8 chunks           %7.2f   %7.2f                 %5.2f\n' $resumable_s $cp_resumable_s $(python3 -c "print($resumable_s / $cp_resumable_s)")
echo "(from request start to the created video: includes ffprobe, thumbnail and preview, queuing the transcoding job)"
echo "server RSS after the uploads: $(( $(ps -o rss= -p $(cat $work/server.pid)) / 1024 )) MB"
