#include "db/migrations.h"

#include <spdlog/spdlog.h>

#include "core/clock.h"

namespace vv::db {

namespace {

struct Migration {
  int version;
  const char* name;
  std::vector<const char*> statements;
};

const std::vector<Migration>& all_migrations() {
  static const std::vector<Migration> list = {
      {1,
       "actors, users, accounts, channels, oauth, custom config",
       {
           R"(CREATE TABLE servers (
                id {PK},
                host TEXT NOT NULL UNIQUE,
                redundancy_allowed INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL))",
           // Every account, channel and the instance itself is an ActivityPub
           // actor; remote ones have server_id set and no private key.
           R"(CREATE TABLE actors (
                id {PK},
                type TEXT NOT NULL,
                preferred_username TEXT NOT NULL,
                url TEXT NOT NULL UNIQUE,
                inbox_url TEXT NOT NULL,
                shared_inbox_url TEXT,
                outbox_url TEXT NOT NULL,
                followers_url TEXT NOT NULL,
                following_url TEXT NOT NULL,
                public_key TEXT,
                private_key TEXT,
                followers_count BIGINT NOT NULL DEFAULT 0,
                following_count BIGINT NOT NULL DEFAULT 0,
                server_id BIGINT REFERENCES servers(id) ON DELETE CASCADE,
                remote_created_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE UNIQUE INDEX actors_name_server ON actors (lower(preferred_username), COALESCE(server_id, 0))",
           R"(CREATE TABLE actor_images (
                id {PK},
                actor_id BIGINT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
                type INTEGER NOT NULL,
                filename TEXT NOT NULL,
                file_url TEXT,
                width INTEGER NOT NULL,
                height INTEGER NOT NULL,
                on_disk INTEGER NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX actor_images_actor ON actor_images (actor_id, type)",
           "CREATE UNIQUE INDEX actor_images_filename ON actor_images (filename)",
           R"(CREATE TABLE users (
                id {PK},
                username TEXT NOT NULL,
                email TEXT NOT NULL,
                pending_email TEXT,
                password TEXT NOT NULL,
                role INTEGER NOT NULL,
                admin_flags INTEGER NOT NULL DEFAULT 0,
                video_quota BIGINT NOT NULL,
                video_quota_daily BIGINT NOT NULL,
                blocked INTEGER NOT NULL DEFAULT 0,
                blocked_reason TEXT,
                email_verified INTEGER,
                email_public INTEGER NOT NULL DEFAULT 0,
                nsfw_policy TEXT NOT NULL,
                p2p_enabled INTEGER NOT NULL DEFAULT 1,
                videos_history_enabled INTEGER NOT NULL DEFAULT 1,
                auto_play_video INTEGER NOT NULL DEFAULT 1,
                auto_play_next_video INTEGER NOT NULL DEFAULT 0,
                auto_play_next_video_playlist INTEGER NOT NULL DEFAULT 1,
                video_languages TEXT,
                language TEXT,
                theme TEXT NOT NULL DEFAULT 'instance-default',
                no_instance_config_warning_modal INTEGER NOT NULL DEFAULT 0,
                no_welcome_modal INTEGER NOT NULL DEFAULT 0,
                no_account_setup_warning_modal INTEGER NOT NULL DEFAULT 0,
                last_login_date BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE UNIQUE INDEX users_username ON users (lower(username))",
           "CREATE UNIQUE INDEX users_email ON users (lower(email))",
           R"(CREATE TABLE accounts (
                id {PK},
                actor_id BIGINT NOT NULL UNIQUE REFERENCES actors(id) ON DELETE CASCADE,
                user_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
                display_name TEXT NOT NULL,
                description TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX accounts_user ON accounts (user_id)",
           R"(CREATE TABLE video_channels (
                id {PK},
                actor_id BIGINT NOT NULL UNIQUE REFERENCES actors(id) ON DELETE CASCADE,
                account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                display_name TEXT NOT NULL,
                description TEXT,
                support TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX video_channels_account ON video_channels (account_id)",
           R"(CREATE TABLE oauth_clients (
                id {PK},
                client_id TEXT NOT NULL UNIQUE,
                client_secret TEXT NOT NULL,
                created_at BIGINT NOT NULL))",
           // Tokens are stored as SHA-256 digests: a leaked database holds no
           // usable bearer token.
           R"(CREATE TABLE oauth_tokens (
                id {PK},
                access_token_hash TEXT NOT NULL UNIQUE,
                access_expires_at BIGINT NOT NULL,
                refresh_token_hash TEXT NOT NULL UNIQUE,
                refresh_expires_at BIGINT NOT NULL,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                client_id BIGINT NOT NULL REFERENCES oauth_clients(id) ON DELETE CASCADE,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX oauth_tokens_user ON oauth_tokens (user_id)",
           R"(CREATE TABLE custom_config (
                id INTEGER PRIMARY KEY,
                yaml TEXT NOT NULL,
                updated_at BIGINT NOT NULL))",
       }},
      {2,
       "videos, tags, files, thumbnails, sources, passwords, schedules, resumable uploads",
       {
           // Local and remote videos alike; remote ones have is_local = 0
           // and their ActivityPub url.
           R"(CREATE TABLE videos (
                id {PK},
                uuid TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                category INTEGER,
                licence INTEGER,
                language TEXT,
                privacy INTEGER NOT NULL,
                nsfw INTEGER NOT NULL DEFAULT 0,
                description TEXT,
                support TEXT,
                duration INTEGER NOT NULL DEFAULT 0,
                views BIGINT NOT NULL DEFAULT 0,
                likes BIGINT NOT NULL DEFAULT 0,
                dislikes BIGINT NOT NULL DEFAULT 0,
                comments_count BIGINT NOT NULL DEFAULT 0,
                is_local INTEGER NOT NULL DEFAULT 1,
                is_live INTEGER NOT NULL DEFAULT 0,
                url TEXT NOT NULL UNIQUE,
                comments_policy INTEGER NOT NULL DEFAULT 1,
                download_enabled INTEGER NOT NULL DEFAULT 1,
                wait_transcoding INTEGER NOT NULL DEFAULT 0,
                state INTEGER NOT NULL,
                aspect_ratio DOUBLE PRECISION,
                channel_id BIGINT NOT NULL REFERENCES video_channels(id) ON DELETE CASCADE,
                published_at BIGINT NOT NULL,
                originally_published_at BIGINT,
                input_file_updated_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX videos_channel ON videos (channel_id)",
           "CREATE INDEX videos_published ON videos (published_at)",
           "CREATE INDEX videos_privacy_state ON videos (privacy, state)",
           R"(CREATE TABLE video_tags (
                video_id BIGINT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (video_id, name)))",
           "CREATE INDEX video_tags_name ON video_tags (name)",
           R"(CREATE TABLE video_files (
                id {PK},
                video_id BIGINT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
                resolution INTEGER NOT NULL,
                size BIGINT NOT NULL,
                fps DOUBLE PRECISION NOT NULL DEFAULT 0,
                extname TEXT NOT NULL,
                filename TEXT NOT NULL UNIQUE,
                width INTEGER,
                height INTEGER,
                has_audio INTEGER NOT NULL DEFAULT 1,
                has_video INTEGER NOT NULL DEFAULT 1,
                storage INTEGER NOT NULL DEFAULT 0,
                metadata TEXT,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX video_files_video ON video_files (video_id)",
           R"(CREATE TABLE video_thumbnails (
                id {PK},
                video_id BIGINT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
                type INTEGER NOT NULL,
                filename TEXT NOT NULL UNIQUE,
                width INTEGER NOT NULL,
                height INTEGER NOT NULL,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX video_thumbnails_video ON video_thumbnails (video_id)",
           R"(CREATE TABLE video_sources (
                id {PK},
                video_id BIGINT NOT NULL UNIQUE REFERENCES videos(id) ON DELETE CASCADE,
                input_filename TEXT NOT NULL,
                resolution INTEGER,
                width INTEGER,
                height INTEGER,
                fps DOUBLE PRECISION,
                size BIGINT,
                metadata TEXT,
                created_at BIGINT NOT NULL))",
           R"(CREATE TABLE video_passwords (
                id {PK},
                video_id BIGINT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
                password TEXT NOT NULL,
                created_at BIGINT NOT NULL))",
           "CREATE INDEX video_passwords_video ON video_passwords (video_id)",
           R"(CREATE TABLE video_schedules (
                video_id BIGINT PRIMARY KEY REFERENCES videos(id) ON DELETE CASCADE,
                update_at BIGINT NOT NULL,
                privacy INTEGER))",
           // A resumable upload in progress: the bytes are in
           // tmp/resumable-uploads/<upload_id>, the metadata waits here.
           R"(CREATE TABLE resumable_uploads (
                id {PK},
                upload_id TEXT NOT NULL UNIQUE,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                metadata TEXT NOT NULL,
                filename TEXT NOT NULL,
                size BIGINT NOT NULL,
                video_id BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
       }},
      {3,
       "torrents of video files",
       {
           "ALTER TABLE video_files ADD COLUMN torrent_filename TEXT",
           "ALTER TABLE video_files ADD COLUMN info_hash TEXT",
       }},
      {4,
       "comments, rates, watch history, video blocks",
       {
           // A thread is its root comment: thread_id = id of the root.
           R"(CREATE TABLE video_comments (
                id {PK},
                url TEXT,
                text TEXT NOT NULL,
                thread_id BIGINT,
                in_reply_to_comment_id BIGINT REFERENCES video_comments(id) ON DELETE CASCADE,
                video_id BIGINT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
                account_id BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
                held_for_review INTEGER NOT NULL DEFAULT 0,
                deleted_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX video_comments_video ON video_comments (video_id, thread_id)",
           "CREATE INDEX video_comments_account ON video_comments (account_id)",
           R"(CREATE TABLE video_rates (
                account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                video_id BIGINT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
                type TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (account_id, video_id)))",
           "CREATE INDEX video_rates_video ON video_rates (video_id)",
           R"(CREATE TABLE user_video_history (
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                video_id BIGINT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
                current_time_s INTEGER NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (user_id, video_id)))",
           R"(CREATE TABLE video_blacklist (
                id {PK},
                video_id BIGINT NOT NULL UNIQUE REFERENCES videos(id) ON DELETE CASCADE,
                reason TEXT,
                unfederated INTEGER NOT NULL DEFAULT 0,
                type INTEGER NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
       }},
      {5,
       "playlists, captions, chapters",
       {
           R"(CREATE TABLE video_playlists (
                id {PK},
                uuid TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                description TEXT,
                privacy INTEGER NOT NULL,
                type INTEGER NOT NULL DEFAULT 1,
                url TEXT NOT NULL,
                owner_account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                channel_id BIGINT REFERENCES video_channels(id) ON DELETE CASCADE,
                thumbnail_filename TEXT,
                thumbnail_custom INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX video_playlists_owner ON video_playlists (owner_account_id)",
           "CREATE INDEX video_playlists_channel ON video_playlists (channel_id)",
           R"(CREATE TABLE video_playlist_elements (
                id {PK},
                playlist_id BIGINT NOT NULL REFERENCES video_playlists(id) ON DELETE CASCADE,
                video_id BIGINT REFERENCES videos(id) ON DELETE SET NULL,
                position INTEGER NOT NULL,
                start_timestamp INTEGER,
                stop_timestamp INTEGER,
                url TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           "CREATE INDEX video_playlist_elements_playlist ON video_playlist_elements (playlist_id, position)",
           "CREATE INDEX video_playlist_elements_video ON video_playlist_elements (video_id)",
           R"(CREATE TABLE video_captions (
                id {PK},
                video_id BIGINT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
                language TEXT NOT NULL,
                filename TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (video_id, language)))",
           R"(CREATE TABLE video_chapters (
                video_id BIGINT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
                timecode INTEGER NOT NULL,
                title TEXT NOT NULL,
                PRIMARY KEY (video_id, timecode)))",
       }},
      {6,
       "full-text search of videos",
       {
           // SQLite: an FTS5 table keyed by the video id (rowid).
           "sqlite:CREATE VIRTUAL TABLE video_search USING fts5(name, description, tags, tokenize = 'unicode61 remove_diacritics 2')",
           "sqlite:INSERT INTO video_search (rowid, name, description, tags) SELECT id, name, COALESCE(description, ''), "
           "COALESCE((SELECT group_concat(name, ' ') FROM video_tags WHERE video_id = videos.id), '') FROM videos",
           // PostgreSQL: a tsvector per video with a GIN index.
           "postgres:CREATE TABLE video_search (video_id BIGINT PRIMARY KEY REFERENCES videos(id) ON DELETE CASCADE, "
           "document TSVECTOR NOT NULL)",
           "postgres:CREATE INDEX video_search_document ON video_search USING GIN (document)",
           "postgres:INSERT INTO video_search (video_id, document) SELECT id, "
           "setweight(to_tsvector('simple', name), 'A') || setweight(to_tsvector('simple', COALESCE((SELECT "
           "string_agg(name, ' ') FROM video_tags WHERE video_id = videos.id), '')), 'B') || "
           "setweight(to_tsvector('simple', COALESCE(description, '')), 'C') FROM videos",
       }},
      {7,
       "job queue, HLS streaming playlists, storyboards",
       {
           // One row per job. `state` is PeerTube's name (waiting, active,
           // completed, failed, delayed); a queue-wide pause (workers take
           // nothing new) is the row of job_queue_state.
           R"(CREATE TABLE jobs (
                id {PK},
                type TEXT NOT NULL,
                state TEXT NOT NULL,
                priority INTEGER NOT NULL DEFAULT 100,
                payload TEXT NOT NULL,
                video_id BIGINT,
                progress INTEGER NOT NULL DEFAULT 0,
                attempts INTEGER NOT NULL DEFAULT 0,
                max_attempts INTEGER NOT NULL DEFAULT 1,
                error TEXT,
                run_at BIGINT NOT NULL,
                locked_by TEXT,
                heartbeat_at BIGINT,
                parent_id BIGINT,
                created_at BIGINT NOT NULL,
                processed_on BIGINT,
                finished_on BIGINT))",
           "CREATE INDEX jobs_ready ON jobs (state, priority, id)",
           "CREATE INDEX jobs_video ON jobs (video_id)",
           "CREATE TABLE job_queue_state (id INTEGER PRIMARY KEY, paused INTEGER NOT NULL)",
           "INSERT INTO job_queue_state (id, paused) VALUES (1, 0)",
           R"(CREATE TABLE video_streaming_playlists (
                id {PK},
                video_id BIGINT NOT NULL UNIQUE REFERENCES videos(id) ON DELETE CASCADE,
                type INTEGER NOT NULL DEFAULT 1,
                playlist_filename TEXT NOT NULL,
                segments_sha256_filename TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL))",
           // HLS files keep video_id (quota, cascades) and name their playlist.
           "ALTER TABLE video_files ADD COLUMN streaming_playlist_id BIGINT",
           "ALTER TABLE video_files ADD COLUMN playlist_filename TEXT",
           // Views per video and hour (PeerTube's videoView rows): the
           // "trending" sort sums the last trending.videos.interval_days.
           R"(CREATE TABLE video_views_stats (
                video_id BIGINT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
                start_date BIGINT NOT NULL,
                views BIGINT NOT NULL,
                PRIMARY KEY (video_id, start_date)))",
           "CREATE INDEX video_views_stats_date ON video_views_stats (start_date)",
           R"(CREATE TABLE video_storyboards (
                video_id BIGINT PRIMARY KEY REFERENCES videos(id) ON DELETE CASCADE,
                filename TEXT NOT NULL,
                total_width INTEGER NOT NULL,
                total_height INTEGER NOT NULL,
                sprite_width INTEGER NOT NULL,
                sprite_height INTEGER NOT NULL,
                sprite_duration INTEGER NOT NULL,
                created_at BIGINT NOT NULL))",
       }},
      {8,
       "follows (local channel subscriptions now, federation later)",
       {
           // PeerTube's actorFollow: `actor_id` follows `target_actor_id`.
           // A user's subscription to a channel is its account actor
           // following the channel actor.
           R"(CREATE TABLE actor_follows (
                id {PK},
                actor_id BIGINT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
                target_actor_id BIGINT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
                state TEXT NOT NULL,
                url TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (actor_id, target_actor_id)))",
           "CREATE INDEX actor_follows_target ON actor_follows (target_actor_id)",
       }},
  };
  return list;
}

std::string expand(const Dialect& d, std::string sql) {
  auto replace = [&](const std::string& from, const std::string& to) {
    for (size_t p = sql.find(from); p != std::string::npos; p = sql.find(from, p + to.size())) sql.replace(p, from.size(), to);
  };
  replace("{PK}", d.id_pk());
  replace("{BLOB}", d.blob());
  return sql;
}

}  // namespace

int schema_version(Database& db) {
  return db.read([](soci::session& s) {
    s << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
    soci::indicator ind;
    int v = 0;
    s << "SELECT MAX(version) FROM schema_migrations", soci::into(v, ind);
    return ind == soci::i_ok ? v : 0;
  });
}

int migrate(Database& db) {
  auto s = db.session();
  const Dialect& d = db.dialect();
  if (d.engine == Engine::postgres) *s << "SELECT pg_advisory_lock(727274)";
  int applied = 0;
  try {
    *s << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
    soci::indicator ind;
    int current = 0;
    *s << "SELECT MAX(version) FROM schema_migrations", soci::into(current, ind);
    if (ind != soci::i_ok) current = 0;
    for (const auto& m : all_migrations()) {
      if (m.version <= current) continue;
      spdlog::info("migration {}: {}", m.version, m.name);
      *s << d.begin_write();
      try {
        for (const char* stmt : m.statements) {
          // "sqlite:" / "postgres:" prefixes: the statement is for that engine only.
          std::string_view sv(stmt);
          if (sv.starts_with("sqlite:")) {
            if (d.engine != Engine::sqlite) continue;
            sv.remove_prefix(7);
          } else if (sv.starts_with("postgres:")) {
            if (d.engine != Engine::postgres) continue;
            sv.remove_prefix(9);
          }
          *s << expand(d, std::string(sv));
        }
        long long now = now_ms();
        std::string name = m.name;
        *s << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)", soci::use(m.version),
            soci::use(name), soci::use(now);
        *s << "COMMIT";
      } catch (...) {
        *s << "ROLLBACK";
        throw;
      }
      ++applied;
    }
  } catch (...) {
    if (d.engine == Engine::postgres) *s << "SELECT pg_advisory_unlock(727274)";
    throw;
  }
  if (d.engine == Engine::postgres) *s << "SELECT pg_advisory_unlock(727274)";
  return applied;
}

}  // namespace vv::db
