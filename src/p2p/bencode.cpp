#include "p2p/bencode.h"

namespace vv::p2p {

static void write(const BValue& value, std::string& out) {
  if (auto* i = std::get_if<int64_t>(&value.v)) {
    out += 'i';
    out += std::to_string(*i);
    out += 'e';
  } else if (auto* s = std::get_if<std::string>(&value.v)) {
    out += std::to_string(s->size());
    out += ':';
    out += *s;
  } else if (auto* l = std::get_if<std::shared_ptr<BList>>(&value.v)) {
    out += 'l';
    for (const auto& item : **l) write(item, out);
    out += 'e';
  } else if (auto* d = std::get_if<std::shared_ptr<BDict>>(&value.v)) {
    out += 'd';
    for (const auto& [k, item] : **d) {
      out += std::to_string(k.size());
      out += ':';
      out += k;
      write(item, out);
    }
    out += 'e';
  }
}

std::string bencode(const BValue& value) {
  std::string out;
  write(value, out);
  return out;
}

}  // namespace vv::p2p
