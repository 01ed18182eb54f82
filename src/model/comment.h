// Video comments. A thread is its root comment (thread_id = root id); replies
// point at the comment they answer. Deleting keeps the row (deleted_at set,
// text emptied) so the tree below it survives, as PeerTube does.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "model/account.h"

namespace vv::model {

struct Comment {
  int64_t id = 0;
  std::string url, text;
  int64_t thread_id = 0;
  std::optional<int64_t> in_reply_to;
  int64_t video_id = 0;
  std::optional<int64_t> account_id;
  bool held_for_review = false;
  std::optional<int64_t> deleted_at;
  int64_t created_at = 0, updated_at = 0;
  int64_t total_replies = 0, total_replies_from_video_author = 0;  // roots only
  std::optional<Account> account;
};

// Who is asking, for held-for-review comments: they are shown to their author
// and to the video's owner only.
struct CommentViewer {
  std::optional<int64_t> account_id;
  bool video_owner = false;  // or a moderator (SEE_ALL_COMMENTS): sees held comments
  std::optional<int64_t> video_owner_account_id;  // for totalRepliesFromVideoAuthor
};

int64_t insert_comment(soci::session& s, Comment& c, const std::string& base_url, const std::string& video_uuid);
std::optional<Comment> find_comment(soci::session& s, int64_t id);
void soft_delete_comment(soci::session& s, int64_t id);
void approve_comment(soci::session& s, int64_t id);

std::vector<Comment> list_threads(soci::session& s, int64_t video_id, const CommentViewer& viewer, int64_t start,
                                  int64_t count, const std::string& sort, int64_t* total, int64_t* total_not_deleted);
// Every comment of a thread (root first), for the tree.
std::vector<Comment> thread_comments(soci::session& s, int64_t video_id, int64_t thread_id, const CommentViewer& viewer);

// Recomputes videos.comments_count (visible, not deleted).
void refresh_comment_count(soci::session& s, int64_t video_id);

struct CommentListQuery {
  int64_t start = 0, count = 15;
  std::string sort = "-createdAt";
  std::optional<int64_t> on_videos_of_user;  // comments on videos owned by this user
  std::string search_account, search_video, search;
  std::optional<bool> is_local, on_local_video, held_for_review;
};
// Comments with their video ids, for the admin / owner lists.
std::vector<Comment> list_comments(soci::session& s, const CommentListQuery& q, int64_t* total);

}  // namespace vv::model
