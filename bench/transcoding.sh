#!/usr/bin/env bash
# The video pipeline: a 60 s 1080p30 clip uploaded with the usual ladder
# (1080p, 720p, 480p, 360p, 240p; HLS only, as PeerTube's defaults), timed
# from the end of the upload to "every job done" (and to "published"),
# beside ONE plain ffmpeg command producing the same HLS renditions (one
# decode, split, x264 veryfast with the same rate control, HLS fMP4 written
# directly). Then the job queue's empty-job throughput on SQLite and
# PostgreSQL (bench_job_queue).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
SECONDS_LONG=${BENCH_CLIP_SECONDS:-60}

clipdir=${BENCH_CACHE:-/tmp/vv-bench-cache}
mkdir -p $clipdir
clip=$clipdir/clip-1080p30-${SECONDS_LONG}s.mp4
if [ ! -s $clip ]; then
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1920x1080:rate=30 \
    -f lavfi -i sine=frequency=440:sample_rate=48000 -t $SECONDS_LONG \
    -c:v libx264 -preset veryfast -b:v 6M -pix_fmt yuv420p -c:a aac -b:a 128k $clip.tmp.mp4
  mv $clip.tmp.mp4 $clip
fi

BENCH_EXTRA_CONFIG="transcoding: {enabled: true, threads: 0, resolutions: {240p: true, 360p: true, 480p: true, 720p: true, 1080p: true}, web_videos: {enabled: false}, hls: {enabled: true}}
jobs: {poll_interval: 100}" bench_start_server
bench_login

# ---- baseline: one ffmpeg, same outputs ----
base_dir=$work/baseline
mkdir -p $base_dir
args=(-hide_banner -loglevel error -y -i $clip -filter_complex
  "[0:v:0]split=5[s0][s1][s2][s3][s4];[s0]scale=w=-2:h=1080[v0];[s1]scale=w=-2:h=720[v1];[s2]scale=w=-2:h=480[v2];[s3]scale=w=-2:h=360[v3];[s4]scale=w=-2:h=240[v4]")
i=0
for r in 1080 720 480 360 240; do
  # The same rate control our pipeline uses (PeerTube's target bitrates).
  rate=$(python3 -c "
r=$r; ratio=1.7778; bpp={1080:0.10,720:0.11,480:0.12,360:0.15,240:0.17}[r]; mn=r*(r*ratio)*30*0.02
avg=int(r*(r*ratio)*30*bpp); inp=$(ffprobe -v error -show_entries format=bit_rate -of csv=p=0 $clip)
print(int(max(mn, min(avg, inp*1.3))))")
  args+=(-map "[v$i]" -map 0:a:0 -c:v libx264 -preset veryfast -maxrate:v $rate -bufsize:v $((rate*2)) -b_strategy 1 -bf 16
    -r 30 -g:v 60 -pix_fmt yuv420p -c:a copy -hls_time 4 -hls_list_size 0 -hls_playlist_type vod
    -hls_segment_type fmp4 -hls_flags single_file -hls_segment_filename $base_dir/$r-fragmented.mp4 -f hls $base_dir/$r.m3u8)
  i=$((i+1))
done
t0=$(date +%s.%N)
ffmpeg "${args[@]}"
t1=$(date +%s.%N)
baseline=$(python3 -c "print(round($t1-$t0, 2))")

# ---- ours: upload, then wait for publication and for every job ----
resp=$(curl -sf -H "$AUTH" -F name=bench -F channelId=1 -F privacy=1 -F "videofile=@$clip" $B/api/v1/videos/upload)
t_up=$(date +%s.%N)
id=$(echo "$resp" | python3 -c 'import json,sys; print(json.load(sys.stdin)["video"]["id"])')
t_pub=""
while true; do
  state=$(curl -sf -H "$AUTH" $B/api/v1/videos/$id | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"]["id"])')
  [ -z "$t_pub" ] && [ "$state" = 1 ] && t_pub=$(date +%s.%N)
  [ "$state" = 7 ] && { echo "transcoding failed"; curl -s -H "$AUTH" "$B/api/v1/jobs/failed"; exit 1; }
  pending=$(curl -sf -H "$AUTH" "$B/api/v1/jobs/?jobType=video-transcoding&count=100" | python3 -c '
import json,sys; print(sum(1 for j in json.load(sys.stdin)["data"] if j["state"] != "completed"))')
  [ -n "$t_pub" ] && [ "$pending" = 0 ] && break
  sleep 0.2
done
t_done=$(date +%s.%N)
files=$(curl -sf -H "$AUTH" $B/api/v1/videos/$id | python3 -c 'import json,sys; v=json.load(sys.stdin); print(" ".join(str(f["resolution"]["id"]) for f in v["streamingPlaylists"][0]["files"]))')
python3 - <<PY
up, pub, done, base = $t_up, $t_pub, $t_done, $baseline
print(f"pipeline, 60 s 1080p30 clip, HLS {('$files').replace(' ', '/')}p:")
print(f"  upload -> published   {pub-up:6.2f} s")
print(f"  upload -> all jobs    {done-up:6.2f} s   baseline (one plain ffmpeg, same renditions): {base:6.2f} s   ratio {(done-up)/base:.2f}")
PY

# ---- job queue throughput ----
bench_cleanup
trap - EXIT
qdir=$(mktemp -d /tmp/vv-bench-q.XXXXXX)
chmod 755 $qdir  # the postgres user must reach its data directory
build/bench_job_queue sqlite $qdir/sqlite ${BENCH_JOBS:-2000}
pgport=$(bench_free_port)
bash tests/support/postgres.sh start $qdir/pg $pgport >/dev/null
/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p $pgport -U postgres -qc "CREATE DATABASE bench" >/dev/null
build/bench_job_queue postgres "database: {type: postgres, hostname: 127.0.0.1, port: $pgport, name: bench, username: postgres}" ${BENCH_JOBS:-2000} || true
bash tests/support/postgres.sh stop $qdir/pg $pgport >/dev/null || true
rm -rf $qdir
