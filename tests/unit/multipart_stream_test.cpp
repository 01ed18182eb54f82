#include <gtest/gtest.h>

#include <random>

#include "http/multipart_stream.h"

using namespace vv::http;

namespace {

struct Collected {
  std::vector<std::pair<std::string, std::string>> parts;  // name -> data
  std::vector<std::optional<std::string>> filenames;
};

bool parse_in_slices(const std::string& body, const std::string& boundary, size_t max_slice, unsigned seed,
                     Collected& out) {
  MultipartStreamParser p(boundary, {[&](const PartHeader& h) {
                                       out.parts.emplace_back(h.name, "");
                                       out.filenames.push_back(h.filename);
                                       return true;
                                     },
                                     [&](std::string_view d) {
                                       out.parts.back().second.append(d);
                                       return true;
                                     },
                                     [] { return true; }});
  std::mt19937 rng(seed);
  size_t pos = 0;
  while (pos < body.size()) {
    size_t n = std::min(body.size() - pos, 1 + rng() % max_slice);
    if (!p.feed(std::string_view(body).substr(pos, n))) return false;
    pos += n;
  }
  return p.done();
}

std::string make_body(const std::string& b, const std::string& file_data) {
  return "--" + b + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nMy video\r\n" + "--" + b +
         "\r\nContent-Disposition: form-data; name=\"videofile\"; filename=\"clip.mp4\"\r\nContent-Type: video/mp4\r\n\r\n" +
         file_data + "\r\n--" + b + "--\r\n";
}

}  // namespace

TEST(MultipartStream, SameResultWhateverTheSlicing) {
  std::string b = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
  std::string data;
  std::mt19937 rng(1);
  for (int i = 0; i < 200000; ++i) data.push_back(static_cast<char>(rng()));
  // Near-delimiters inside the file must not end the part.
  data += "\r\n--" + b.substr(0, 10) + "\r\n-" + "\r\n--" + b.substr(0, b.size() - 1) + "X";
  std::string body = make_body(b, data);
  for (size_t slice : {1u, 2u, 7u, 64u, 4096u, 1u << 20}) {
    Collected c;
    ASSERT_TRUE(parse_in_slices(body, b, slice, static_cast<unsigned>(slice), c)) << slice;
    ASSERT_EQ(c.parts.size(), 2u);
    EXPECT_EQ(c.parts[0].first, "name");
    EXPECT_EQ(c.parts[0].second, "My video");
    EXPECT_FALSE(c.filenames[0].has_value());
    EXPECT_EQ(c.parts[1].first, "videofile");
    EXPECT_EQ(c.filenames[1].value_or(""), "clip.mp4");
    EXPECT_EQ(c.parts[1].second.size(), data.size());
    EXPECT_TRUE(c.parts[1].second == data) << "slice " << slice;
  }
}

TEST(MultipartStream, RejectsMalformedBodies) {
  Collected c;
  EXPECT_FALSE(parse_in_slices(std::string(100000, 'x'), "b", 4096, 1, c));  // no boundary at all
  Collected c2;
  EXPECT_FALSE(parse_in_slices("--b\r\nno-name-header: x\r\n\r\ndata\r\n--b--", "b", 3, 1, c2));
  Collected c3;
  EXPECT_FALSE(parse_in_slices("--bXX", "b", 3, 1, c3));
  Collected c4;  // truncated: never done
  EXPECT_FALSE(parse_in_slices("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated", "b", 5, 1, c4));
  Collected c5;  // header block too large
  EXPECT_FALSE(parse_in_slices("--b\r\n" + std::string(20000, 'h'), "b", 1000, 1, c5));
}

TEST(MultipartStream, CallbackCanAbort) {
  MultipartStreamParser p("b", {[](const PartHeader&) { return false; }, nullptr, nullptr});
  EXPECT_FALSE(p.feed("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b--"));
}
