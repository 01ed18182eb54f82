// /api/v1/accounts: local and remote accounts, and their channels.
#include <boost/json.hpp>

#include "api/routes.h"
#include "api/validate.h"
#include "api/views.h"
#include "core/api_error.h"

namespace vv::api {

namespace json = boost::json;

static model::Account load_account(ApiContext& ctx, soci::session& s, const std::string& handle) {
  auto a = model::find_account_by_handle(s, model::parse_handle(handle, ctx.host()));
  if (!a) throw ApiError(404, "Account not found");
  return *a;
}

void register_accounts_routes(http::Router& r, ApiContext& ctx) {
  r.get("/api/v1/accounts", [&ctx](http::Request& req) {
    auto page = page_from_query(req, {"createdAt"});
    return ctx.db.read([&](soci::session& s) {
      int64_t total = 0;
      json::array data;
      for (const auto& a : model::list_accounts(s, page, &total)) data.push_back(account_json(a, ctx.base_url(), ctx.host()));
      return http::Response::json(list_json(total, std::move(data)));
    });
  }, {.cache_anonymous = true});

  r.get("/api/v1/accounts/:name", [&ctx](http::Request& req) {
    return ctx.db.read([&](soci::session& s) {
      return http::Response::json(account_json(load_account(ctx, s, req.param("name")), ctx.base_url(), ctx.host()));
    });
  }, {.cache_anonymous = true});

  r.get("/api/v1/accounts/:name/video-channels", [&ctx](http::Request& req) {
    auto page = page_from_query(req, {"createdAt", "name", "updatedAt"});
    return ctx.db.read([&](soci::session& s) {
      auto account = load_account(ctx, s, req.param("name"));
      int64_t total = 0;
      json::array data;
      for (const auto& c : model::list_channels(s, page, account.id, &total))
        data.push_back(channel_json(c, ctx.base_url(), ctx.host()));
      return http::Response::json(list_json(total, std::move(data)));
    });
  }, {.cache_anonymous = true});
}

}  // namespace vv::api
