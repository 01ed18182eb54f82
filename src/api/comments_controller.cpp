// Video comments: threads, replies, deletion, approval, and the moderation
// lists. The video's comments policy decides who may post and whether new
// comments wait for the owner's approval.
#include <boost/json.hpp>

#include "api/auth.h"
#include "api/routes.h"
#include "api/validate.h"
#include "api/video_access.h"
#include "api/views.h"
#include "core/api_error.h"
#include "core/clock.h"
#include "model/comment.h"
#include "model/video.h"

namespace vv::api {

namespace json = boost::json;

namespace {

model::Video load_video(soci::session& s, const http::Request& req) { return require_video(s, req.param("id")); }

json::object comment_json(ApiContext& ctx, const model::Comment& c, int64_t video_id) {
  json::object o;
  o["id"] = c.id;
  o["url"] = c.url;
  o["text"] = c.deleted_at ? "" : c.text;
  o["threadId"] = c.thread_id;
  if (c.in_reply_to) o["inReplyToCommentId"] = *c.in_reply_to;
  else o["inReplyToCommentId"] = nullptr;
  o["videoId"] = video_id;
  o["createdAt"] = iso8601(c.created_at);
  o["updatedAt"] = iso8601(c.updated_at);
  if (c.deleted_at) o["deletedAt"] = iso8601(*c.deleted_at);
  else o["deletedAt"] = nullptr;
  o["isDeleted"] = c.deleted_at.has_value();
  o["totalRepliesFromVideoAuthor"] = c.total_replies_from_video_author;
  o["totalReplies"] = c.total_replies;
  if (c.account && !c.deleted_at) o["account"] = account_json(*c.account, ctx.base_url(), ctx.host());
  else o["account"] = nullptr;
  o["heldForReview"] = c.held_for_review;
  return o;
}

model::CommentViewer viewer_of(ApiContext& ctx, soci::session& s, const model::Video& v, const std::optional<model::User>& user) {
  model::CommentViewer viewer;
  if (user) {
    if (auto a = model::find_account_of_user(s, user->id)) viewer.account_id = a->id;
    viewer.video_owner = is_video_owner(v, user) || has_right(user->role, Right::see_all_comments);
  }
  if (v.channel && v.channel->owner) viewer.video_owner_account_id = v.channel->owner->id;
  return viewer;
}

// A comment of this video, or PeerTube's errors: 404 unknown, 400 another video's.
model::Comment comment_of_video(soci::session& s, const model::Video& v, int64_t id) {
  auto c = model::find_comment(s, id);
  if (!c) throw ApiError(404, "Video comment not found");
  if (c->video_id != v.id)
    throw ApiError(400, "Video comment is not associated to this video.", "comment_not_associated_to_video");
  return std::move(*c);
}

std::string comment_text(const json::object& body) {
  auto it = body.find("text");
  if (it == body.end() || !it->value().is_string())
    throw invalid_param("text", "Should have a valid comment text", "body", it == body.end() ? json::value(nullptr) : it->value());
  std::string text(it->value().as_string());
  size_t len = 0;
  for (unsigned char c : text) len += (c & 0xC0) != 0x80;
  bool blank = std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
  if (len < 1 || len > 10000 || blank) throw invalid_param("text", "Should have a valid comment text", "body", it->value());
  return text;
}

// Creates a thread (in_reply_to empty) or a reply; returns the comment JSON.
http::Response post_comment(ApiContext& ctx, http::Request& req, std::optional<int64_t> in_reply_to) {
  auto user = require_user(ctx, req);
  json::object body = body_object(req);
  std::string text = comment_text(body);
  return ctx.db.write([&](soci::session& s) {
    auto v = load_video(s, req);
    check_can_view(ctx, s, v, user, req);
    bool owner = is_video_owner(v, user);
    if (v.comments_policy == 2) throw ApiError(409, "Video comments are disabled");
    auto account = model::find_account_of_user(s, user.id);
    if (!account) throw ApiError(404, "Account not found");
    model::Comment c;
    c.text = text;
    c.video_id = v.id;
    c.account_id = account->id;
    c.held_for_review = v.comments_policy == 3 && !owner && !has_right(user.role, Right::remove_any_video_comment);
    if (in_reply_to) {
      auto parent = comment_of_video(s, v, *in_reply_to);
      if (parent.deleted_at) throw ApiError(409, "Cannot reply to a deleted comment");
      c.in_reply_to = parent.id;
      c.thread_id = parent.thread_id;
    }
    model::insert_comment(s, c, ctx.base_url(), v.uuid);
    c.account = account;
    model::refresh_comment_count(s, v.id);
    return http::Response::json(json::object{{"comment", comment_json(ctx, c, v.id)}});
  });
}

}  // namespace

void register_comments_routes(http::Router& r, ApiContext& ctx) {
  r.get("/api/v1/videos/:id/comment-threads", [&ctx](http::Request& req) {
    auto user = authenticate(ctx, req);
    model::Page page = page_from_query(req, {"createdAt", "totalReplies"}, "-createdAt");
    return ctx.db.read([&](soci::session& s) {
      auto v = load_video(s, req);
      check_can_view(ctx, s, v, user, req);
      if (v.comments_policy == 2)  // disabled: existing comments are hidden too
        return http::Response::json(json::object{{"total", 0}, {"totalNotDeletedComments", 0}, {"data", json::array()}});
      int64_t total = 0, not_deleted = 0;
      auto threads = model::list_threads(s, v.id, viewer_of(ctx, s, v, user), page.start, page.count, page.sort, &total, &not_deleted);
      json::array data;
      for (const auto& c : threads) data.push_back(comment_json(ctx, c, v.id));
      return http::Response::json(json::object{{"total", total}, {"totalNotDeletedComments", not_deleted}, {"data", std::move(data)}});
    });
  });

  r.get("/api/v1/videos/:id/comment-threads/:threadId", [&ctx](http::Request& req) {
    auto user = authenticate(ctx, req);
    int64_t thread_id = parse_id(req.param("threadId"));
    return ctx.db.read([&](soci::session& s) {
      auto v = load_video(s, req);
      check_can_view(ctx, s, v, user, req);
      if (v.comments_policy == 2) throw ApiError(404, "Video comment thread not found");
      auto root = comment_of_video(s, v, thread_id);
      if (root.in_reply_to) throw ApiError(400, "Video comment is not a thread.");
      auto comments = model::thread_comments(s, v.id, thread_id, viewer_of(ctx, s, v, user));
      if (comments.empty() || comments.front().id != thread_id) throw ApiError(404, "Video comment thread not found");
      // Children lists by parent id, then a recursive build from the root.
      std::map<int64_t, std::vector<const model::Comment*>> children;
      for (const auto& c : comments)
        if (c.in_reply_to) children[*c.in_reply_to].push_back(&c);
      std::function<json::object(const model::Comment&, int)> build = [&](const model::Comment& c, int depth) {
        json::array kids;
        if (depth < 100)
          for (const auto* k : children[c.id]) kids.push_back(build(*k, depth + 1));
        model::Comment counted = c;
        counted.total_replies = static_cast<int64_t>(children[c.id].size());
        if (auto owner = v.channel && v.channel->owner ? std::optional<int64_t>(v.channel->owner->id) : std::nullopt) {
          counted.total_replies_from_video_author = 0;
          for (const auto* k : children[c.id]) counted.total_replies_from_video_author += k->account_id == owner && !k->deleted_at;
        }
        return json::object{{"comment", comment_json(ctx, counted, v.id)}, {"children", std::move(kids)}};
      };
      json::object tree = build(comments.front(), 0);
      int64_t total = 0;
      for (const auto& c : comments) total += (c.id != thread_id && !c.deleted_at);
      tree["comment"].as_object()["totalReplies"] = total;
      return http::Response::json(tree);
    });
  });

  r.post("/api/v1/videos/:id/comment-threads", [&ctx](http::Request& req) { return post_comment(ctx, req, std::nullopt); },
         {.body_limit = 128 * 1024});
  r.post("/api/v1/videos/:id/comments/:commentId", [&ctx](http::Request& req) {
    return post_comment(ctx, req, parse_id(req.param("commentId")));
  }, {.body_limit = 128 * 1024});

  r.del("/api/v1/videos/:id/comments/:commentId", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    int64_t comment_id = parse_id(req.param("commentId"));
    ctx.db.write([&](soci::session& s) {
      auto v = load_video(s, req);
      auto found = comment_of_video(s, v, comment_id);
      auto* c = &found;
      if (c->deleted_at) throw ApiError(409, "This comment is already deleted");
      auto account = model::find_account_of_user(s, user.id);
      bool author = account && c->account_id && *c->account_id == account->id;
      if (!author && !is_video_owner(v, user) && !has_right(user.role, Right::remove_any_video_comment))
        throw ApiError(403, "Cannot remove video comment of another user");
      model::soft_delete_comment(s, c->id);
      model::refresh_comment_count(s, v.id);
    });
    return http::Response::no_content();
  });

  r.post("/api/v1/videos/:id/comments/:commentId/approve", [&ctx](http::Request& req) {
    auto user = require_user(ctx, req);
    int64_t comment_id = parse_id(req.param("commentId"));
    ctx.db.write([&](soci::session& s) {
      auto v = load_video(s, req);
      if (!is_video_owner(v, user) && !has_right(user.role, Right::see_all_comments))
        throw ApiError(403, "Cannot approve a comment of a video of another user");
      auto c = model::find_comment(s, comment_id);
      if (!c || c->video_id != v.id || c->deleted_at) throw ApiError(404, "Video comment not found");
      if (!c->held_for_review) throw ApiError(400, "This comment is not held for review");
      model::approve_comment(s, c->id);
      model::refresh_comment_count(s, v.id);
    });
    return http::Response::no_content();
  });

  // Moderation (all comments) and my videos' comments.
  auto list = [&ctx](http::Request& req, bool admin) {
    auto user = admin ? require_right(ctx, req, Right::see_all_comments) : require_user(ctx, req);
    model::Page page = page_from_query(req, {"createdAt"}, "-createdAt");
    model::CommentListQuery q;
    q.start = page.start;
    q.count = page.count;
    q.sort = page.sort;
    q.search_account = req.query_param("searchAccount").value_or("");
    q.search_video = req.query_param("searchVideo").value_or("");
    q.search = req.query_param("search").value_or("");
    auto b = [&](const char* n) -> std::optional<bool> {
      auto v = req.query_param(n);
      if (!v) return std::nullopt;
      if (*v != "true" && *v != "false") throw invalid_param(n, "Should be a boolean", "query", json::value(*v));
      return *v == "true";
    };
    q.is_local = b("isLocal");
    q.on_local_video = b("onLocalVideo");
    q.held_for_review = b("isHeldForReview");
    if (!admin) q.on_videos_of_user = user.id;
    return ctx.db.read([&](soci::session& s) {
      int64_t total = 0;
      json::array data;
      for (const auto& c : model::list_comments(s, q, &total)) {
        auto v = model::find_video_by_id(s, c.video_id);
        json::object o = comment_json(ctx, c, c.video_id);
        o.erase("videoId");
        o.erase("isDeleted");
        o.erase("deletedAt");
        o.erase("totalReplies");
        o.erase("totalRepliesFromVideoAuthor");
        if (v) {
          json::object video{{"id", v->id}, {"uuid", v->uuid}, {"name", v->name}};
          if (v->channel) video["channel"] = channel_summary_json(*v->channel, ctx.base_url(), ctx.host());
          o["video"] = std::move(video);
        }
        o["automaticTags"] = json::array();
        data.push_back(std::move(o));
      }
      return http::Response::json(list_json(total, std::move(data)));
    });
  };
  r.get("/api/v1/videos/comments", [list](http::Request& req) { return list(req, true); });
  r.get("/api/v1/users/me/videos/comments", [list](http::Request& req) { return list(req, false); });
}

}  // namespace vv::api
