// What the server writes into the client's index.html for pages that other
// sites and crawlers read without running JavaScript: the title,
// description, OpenGraph and Twitter-card tags, and the oEmbed discovery
// link of watch, channel and account pages — and GET /services/oembed.
//
// Only what anyone may see is described: a private, internal,
// password-protected or blocked video gets the plain page, as an unknown
// one does (unlisted ones are described but marked noindex, as PeerTube).
#pragma once
#include <optional>
#include <string>

#include "api/context.h"
#include "http/router.h"

namespace vv::web {

// The <head> additions for `path` (/w/..., /videos/watch/..., /c/..., /a/...),
// and the page title; nullopt when the path describes nothing public.
struct PageMeta {
  std::string title;
  std::string head;  // tags to insert before </head>
};
std::optional<PageMeta> page_meta(api::ApiContext& ctx, const std::string& path);

// index.html with its <title> replaced and `meta.head` inserted.
std::string render_index(const std::string& index_html, const PageMeta& meta);

std::string html_escape(const std::string& s);

void register_oembed_route(http::Router& r, api::ApiContext& ctx);

}  // namespace vv::web
