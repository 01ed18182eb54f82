#include "core/ids.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/crypto.h"

namespace vv {

namespace {
constexpr char kAlphabet[] = "123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
constexpr int kBase = 58;

using U128 = unsigned __int128;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}
}  // namespace

std::string uuid_v4() {
  std::string b = random_bytes(16);
  b[6] = static_cast<char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);
  std::string h = hex_encode(b);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

bool is_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (hex_value(s[i]) < 0) {
      return false;
    }
  }
  return true;
}

std::string uuid_to_short(const std::string& uuid) {
  U128 n = 0;
  for (char c : uuid) {
    if (c == '-') continue;
    n = (n << 4) | static_cast<unsigned>(hex_value(c));
  }
  std::string out;
  while (n > 0) {
    out.insert(out.begin(), kAlphabet[static_cast<int>(n % kBase)]);
    n /= kBase;
  }
  // short-uuid keeps a consistent length: 22 characters, padded with the
  // alphabet's first one.
  if (out.size() < 22) out.insert(out.begin(), 22 - out.size(), kAlphabet[0]);
  return out;
}

std::optional<std::string> short_to_uuid(const std::string& s) {
  if (s.empty() || s.size() > 22) return std::nullopt;
  U128 n = 0;
  for (char c : s) {
    const char* p = std::char_traits<char>::find(kAlphabet, kBase, c);
    if (!p) return std::nullopt;
    U128 next = n * kBase + static_cast<unsigned>(p - kAlphabet);
    if (next / kBase != n) return std::nullopt;  // overflow
    n = next;
  }
  std::string hex(32, '0');
  for (int i = 31; i >= 0; --i) {
    hex[i] = "0123456789abcdef"[static_cast<int>(n & 0xf)];
    n >>= 4;
  }
  if (n != 0) return std::nullopt;
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" + hex.substr(20);
}

bool is_id_or_uuid(const std::string& key) {
  bool numeric = !key.empty() && key.size() <= 18 && std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
  return numeric || is_uuid(key) || short_to_uuid(key).has_value();
}

}  // namespace vv
