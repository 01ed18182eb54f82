// Text helpers for search: folding accented Latin letters to their base
// letter ("Café crème" -> "Cafe creme"), as PostgreSQL's unaccent would,
// without requiring that extension.
#pragma once
#include <string>

namespace vv {

std::string fold_accents(const std::string& utf8);

}  // namespace vv
