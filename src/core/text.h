// Text helpers for search: folding accented Latin letters to their base
// letter ("Café crème" -> "Cafe creme"), as PostgreSQL's unaccent would,
// without requiring that extension.
#pragma once
#include <string>
#include <string_view>

namespace vv {

std::string fold_accents(const std::string& utf8);

// RFC 3986 percent-encoding of a URL component: everything but unreserved
// characters (letters, digits, - _ . ~) becomes %XX.
std::string percent_encode(std::string_view s);

}  // namespace vv
