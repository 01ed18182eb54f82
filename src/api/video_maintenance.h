// Periodic work on videos: scheduled privacy updates (scheduleUpdate) and
// abandoned resumable uploads.
#pragma once
#include "api/context.h"

namespace vv::api {

// Applies every scheduled update that is due; returns how many.
int run_scheduled_updates(ApiContext& ctx);
// Removes resumable uploads untouched for `max_idle_ms` (rows and bytes).
int remove_stale_uploads(ApiContext& ctx, int64_t max_idle_ms);

}  // namespace vv::api
