// A bencode writer (BEP 3): enough to build .torrent files. Dictionaries are
// written with their keys sorted, as the format requires, so the info hash
// is the same whoever builds the same torrent.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace vv::p2p {

struct BValue;
using BList = std::vector<BValue>;
using BDict = std::map<std::string, BValue>;  // std::map: byte-wise sorted keys

struct BValue {
  std::variant<int64_t, std::string, std::shared_ptr<BList>, std::shared_ptr<BDict>> v;
  BValue(int64_t i) : v(i) {}
  BValue(int i) : v(static_cast<int64_t>(i)) {}
  BValue(std::string s) : v(std::move(s)) {}
  BValue(const char* s) : v(std::string(s)) {}
  BValue(BList l) : v(std::make_shared<BList>(std::move(l))) {}
  BValue(BDict d) : v(std::make_shared<BDict>(std::move(d))) {}
};

std::string bencode(const BValue& value);

}  // namespace vv::p2p
