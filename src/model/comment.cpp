#include "model/comment.h"

#include "core/clock.h"
#include "db/database.h"

namespace vv::model {

using db::get_i64;
using db::get_str;
using db::is_null;

namespace {

const char* kCols =
    "c.id, c.url, c.text, c.thread_id, c.in_reply_to_comment_id, c.video_id, c.account_id, c.held_for_review, "
    "c.deleted_at, c.created_at, c.updated_at";

Comment read_comment(const soci::row& r) {
  Comment c;
  c.id = get_i64(r, 0);
  c.url = get_str(r, 1);
  c.text = get_str(r, 2);
  c.thread_id = get_i64(r, 3);
  if (!is_null(r, 4)) c.in_reply_to = get_i64(r, 4);
  c.video_id = get_i64(r, 5);
  if (!is_null(r, 6)) c.account_id = get_i64(r, 6);
  c.held_for_review = get_i64(r, 7) != 0;
  if (!is_null(r, 8)) c.deleted_at = get_i64(r, 8);
  c.created_at = get_i64(r, 9);
  c.updated_at = get_i64(r, 10);
  return c;
}

void load_accounts(soci::session& s, std::vector<Comment>& cs) {
  std::map<int64_t, std::optional<Account>> cache;
  for (auto& c : cs) {
    if (!c.account_id) continue;
    auto it = cache.find(*c.account_id);
    if (it == cache.end()) it = cache.emplace(*c.account_id, find_account(s, *c.account_id)).first;
    c.account = it->second;
  }
}

// Held comments are visible to their author and the video owner only.
std::string visibility(const CommentViewer& v) {
  if (v.video_owner) return "";
  if (v.account_id) return " AND (c.held_for_review = 0 OR c.account_id = " + std::to_string(*v.account_id) + ")";
  return " AND c.held_for_review = 0";
}

}  // namespace

int64_t insert_comment(soci::session& s, Comment& c, const std::string& base_url, const std::string& video_uuid) {
  long long now = now_ms(), vid = c.video_id, acc = c.account_id.value_or(0), reply = c.in_reply_to.value_or(0), id = 0;
  int held = c.held_for_review;
  soci::indicator ai = c.account_id ? soci::i_ok : soci::i_null, ri = c.in_reply_to ? soci::i_ok : soci::i_null;
  s << "INSERT INTO video_comments (text, in_reply_to_comment_id, video_id, account_id, held_for_review, created_at, "
       "updated_at) VALUES (:t, :r, :v, :a, :h, :c, :u) RETURNING id",
      soci::use(c.text), soci::use(reply, ri), soci::use(vid), soci::use(acc, ai), soci::use(held), soci::use(now),
      soci::use(now), soci::into(id);
  c.id = id;
  if (!c.in_reply_to) c.thread_id = id;
  c.url = base_url + "/videos/watch/" + video_uuid + "/comments/" + std::to_string(id);
  long long thread = c.thread_id;
  s << "UPDATE video_comments SET thread_id = :t, url = :u WHERE id = :id", soci::use(thread), soci::use(c.url), soci::use(id);
  c.created_at = c.updated_at = now;
  return id;
}

std::optional<Comment> find_comment(soci::session& s, int64_t id) {
  std::vector<Comment> out;
  db::for_each_row(s, std::string("SELECT ") + kCols + " FROM video_comments c WHERE c.id = :id", {std::to_string(id)},
        [&](const soci::row& r) { out.push_back(read_comment(r)); });
  if (out.empty()) return std::nullopt;
  load_accounts(s, out);
  return out.front();
}

void soft_delete_comment(soci::session& s, int64_t id) {
  long long now = now_ms(), cid = id;
  s << "UPDATE video_comments SET deleted_at = :d, text = '', updated_at = :u WHERE id = :id", soci::use(now), soci::use(now),
      soci::use(cid);
}

void approve_comment(soci::session& s, int64_t id) {
  long long cid = id;
  s << "UPDATE video_comments SET held_for_review = 0 WHERE id = :id", soci::use(cid);
}

std::vector<Comment> list_threads(soci::session& s, int64_t video_id, const CommentViewer& viewer, int64_t start,
                                  int64_t count, const std::string& sort, int64_t* total, int64_t* total_not_deleted) {
  std::string vis = visibility(viewer);
  std::string vid = std::to_string(video_id);
  // visibility() names the table "c"; the reply count's sub-query uses "r".
  std::string rvis = vis;
  for (size_t p = rvis.find("c."); p != std::string::npos; p = rvis.find("c.", p + 2)) rvis.replace(p, 2, "r.");
  std::string replies = "(SELECT COUNT(*) FROM video_comments r WHERE r.thread_id = c.id AND r.id <> c.id AND r.deleted_at IS NULL" + rvis + ")";
  std::string where = " FROM video_comments c WHERE c.video_id = " + vid + " AND c.in_reply_to_comment_id IS NULL" + vis;
  if (total) db::for_each_row(s, "SELECT COUNT(*)" + where, {}, [&](const soci::row& r) { *total = get_i64(r, 0); });
  if (total_not_deleted)
    db::for_each_row(s, "SELECT COUNT(*) FROM video_comments c WHERE c.video_id = " + vid + " AND c.deleted_at IS NULL" + vis, {},
          [&](const soci::row& r) { *total_not_deleted = get_i64(r, 0); });
  bool desc = !sort.empty() && sort[0] == '-';
  std::string key = desc ? sort.substr(1) : sort;
  std::string col = key == "totalReplies" ? "total_replies" : "c.created_at";
  std::string by_author = "0";
  if (viewer.video_owner_account_id)
    by_author = "(SELECT COUNT(*) FROM video_comments r WHERE r.thread_id = c.id AND r.id <> c.id AND r.deleted_at IS NULL"
                " AND r.account_id = " + std::to_string(*viewer.video_owner_account_id) + rvis + ")";
  std::vector<Comment> out;
  db::for_each_row(s,
        std::string("SELECT ") + kCols + ", " + replies + " AS total_replies, " + by_author + " AS by_author" + where + " ORDER BY " + col +
            (desc ? " DESC" : " ASC") + ", c.id ASC LIMIT " + std::to_string(count) + " OFFSET " + std::to_string(start),
        {}, [&](const soci::row& r) {
          Comment c = read_comment(r);
          c.total_replies = get_i64(r, 11);
          c.total_replies_from_video_author = get_i64(r, 12);
          out.push_back(std::move(c));
        });
  load_accounts(s, out);
  return out;
}

std::vector<Comment> thread_comments(soci::session& s, int64_t video_id, int64_t thread_id, const CommentViewer& viewer) {
  std::vector<Comment> out;
  db::for_each_row(s,
        std::string("SELECT ") + kCols + " FROM video_comments c WHERE c.video_id = " + std::to_string(video_id) +
            " AND c.thread_id = " + std::to_string(thread_id) + visibility(viewer) + " ORDER BY c.created_at ASC, c.id ASC",
        {}, [&](const soci::row& r) { out.push_back(read_comment(r)); });
  load_accounts(s, out);
  return out;
}

void refresh_comment_count(soci::session& s, int64_t video_id) {
  long long vid = video_id;
  s << "UPDATE videos SET comments_count = (SELECT COUNT(*) FROM video_comments WHERE video_id = :v AND deleted_at IS "
       "NULL AND held_for_review = 0) WHERE id = :v2",
      soci::use(vid), soci::use(vid);
}

std::vector<Comment> list_comments(soci::session& s, const CommentListQuery& q, int64_t* total) {
  std::string from =
      " FROM video_comments c JOIN videos v ON v.id = c.video_id JOIN video_channels vc ON vc.id = v.channel_id JOIN "
      "accounts vac ON vac.id = vc.account_id LEFT JOIN accounts ca ON ca.id = c.account_id LEFT JOIN actors caa ON "
      "caa.id = ca.actor_id";
  std::string where = " WHERE c.deleted_at IS NULL";
  std::vector<std::string> args;
  auto like = [&](const std::string& expr, const std::string& needle) {
    where += " AND lower(" + expr + ") LIKE lower(:p" + std::to_string(args.size()) + ")";
    args.push_back("%" + needle + "%");
  };
  if (q.on_videos_of_user) where += " AND vac.user_id = " + std::to_string(*q.on_videos_of_user);
  if (!q.search_account.empty()) like("caa.preferred_username", q.search_account);
  if (!q.search_video.empty()) like("v.name", q.search_video);
  if (!q.search.empty()) like("c.text", q.search);
  if (q.is_local) where += *q.is_local ? " AND caa.server_id IS NULL" : " AND caa.server_id IS NOT NULL";
  if (q.on_local_video) where += *q.on_local_video ? " AND v.is_local = 1" : " AND v.is_local = 0";
  if (q.held_for_review) where += *q.held_for_review ? " AND c.held_for_review = 1" : " AND c.held_for_review = 0";
  if (total) db::for_each_row(s, "SELECT COUNT(*)" + from + where, args, [&](const soci::row& r) { *total = get_i64(r, 0); });
  bool desc = !q.sort.empty() && q.sort[0] == '-';
  std::vector<Comment> out;
  db::for_each_row(s,
        std::string("SELECT ") + kCols + from + where + " ORDER BY c.created_at" + (desc ? " DESC" : " ASC") +
            ", c.id ASC LIMIT " + std::to_string(q.count) + " OFFSET " + std::to_string(q.start),
        args, [&](const soci::row& r) { out.push_back(read_comment(r)); });
  load_accounts(s, out);
  return out;
}

}  // namespace vv::model
