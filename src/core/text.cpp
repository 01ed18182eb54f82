#include "core/text.h"

#include <cctype>

namespace vv {

namespace {
// Base letters of U+00C0..U+017F; '\0' keeps the character as it is.
constexpr const char* kLatin1 =  // U+00C0 .. U+00FF
    "AAAAAAACEEEEIIII"
    "DNOOOOO\0OUUUUY\0s"
    "aaaaaaaceeeeiiii"
    "dnooooo\0ouuuuy\0y";
constexpr const char* kLatinExtA =  // U+0100 .. U+017F
    "AaAaAaCcCcCcCcDd"
    "DdEeEeEeEeEeGgGg"
    "GgGgHhHhIiIiIiIi"
    "IiJjJjKkkLlLlLlL"
    "lLlNnNnNnnNnOoOo"
    "OoOoRrRrRrSsSsSs"
    "SsTtTtTtUuUuUuUu"
    "UuUuWwYyYZzZzZzs";
}  // namespace

std::string fold_accents(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) {
      unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      char base = 0;
      if (cp >= 0xC0 && cp <= 0xFF) base = kLatin1[cp - 0xC0];
      else if (cp >= 0x100 && cp <= 0x17F) base = kLatinExtA[cp - 0x100];
      if (base) {
        out.push_back(base);
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
    ++i;
  }
  return out;
}

std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

}  // namespace vv
