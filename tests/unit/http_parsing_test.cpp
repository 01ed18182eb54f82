#include <gtest/gtest.h>

#include "http/message.h"
#include "http/multipart.h"
#include "http/router.h"

using namespace vv::http;

TEST(Multipart, ParsesFieldsAndFiles) {
  static const char raw[] =
      "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhello\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"avatarfile\"; filename=\"me.png\"\r\n"
      "Content-Type: image/png\r\n\r\n\x89PNG\r\n\x00\x01\r\n--XyZ--\r\n";
  std::string body(raw, sizeof raw - 1);  // keeps the NUL byte inside the file
  auto b = multipart_boundary("multipart/form-data; boundary=XyZ");
  ASSERT_TRUE(b);
  auto parts = parse_multipart(body, *b);
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "a");
  EXPECT_EQ((*parts)[0].data, "hello");
  EXPECT_EQ((*parts)[1].filename.value_or(""), "me.png");
  EXPECT_EQ((*parts)[1].content_type, "image/png");
  EXPECT_EQ((*parts)[1].data.size(), 8u);
}

TEST(Multipart, RejectsMalformed) {
  EXPECT_FALSE(multipart_boundary("application/json"));
  EXPECT_FALSE(parse_multipart("garbage", "b"));
  EXPECT_FALSE(parse_multipart("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated", "b"));
  EXPECT_FALSE(parse_multipart("--b\r\nno-blank-line", "b"));
}

TEST(Urlencoded, Decodes) {
  auto v = parse_urlencoded("a=1&b=hello+world&c=%2Fx%2F&d&e=%zz");
  ASSERT_EQ(v.size(), 5u);
  EXPECT_EQ(v[1].second, "hello world");
  EXPECT_EQ(v[2].second, "/x/");
  EXPECT_EQ(v[3].first, "d");
  EXPECT_EQ(v[4].second, "%zz");
  EXPECT_EQ(percent_decode("%4", false), "%4");
}

TEST(Router, MatchesParamsLiteralsAndMethods) {
  Router r;
  int hit = 0;
  r.get("/api/v1/users/me", [&](Request&) { hit = 1; return Response{}; });
  r.get("/api/v1/users/:id", [&](Request&) { hit = 2; return Response{}; });
  r.put("/api/v1/users/:id", [&](Request&) { hit = 3; return Response{}; });
  auto m = r.find("GET", "/api/v1/users/me");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.route->pattern, "/api/v1/users/me");
  m = r.find("GET", "/api/v1/users/42");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.params.at("id"), "42");
  m = r.find("HEAD", "/api/v1/users/42");
  ASSERT_TRUE(m.route);
  m = r.find("DELETE", "/api/v1/users/42");
  EXPECT_FALSE(m.route);
  EXPECT_TRUE(m.other_method);
  m = r.find("GET", "/api/v1/users/a%40b");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.params.at("id"), "a@b");
  EXPECT_FALSE(r.find("GET", "/api/v1/nothing").route);
}

TEST(Router, RestSegmentCapturesTheRemainder) {
  Router r;
  r.get("/api/v1/config", [](Request&) { return Response{}; });
  r.get("/*path", [](Request&) { return Response{}; });
  auto m = r.find("GET", "/w/abc/def");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.route->pattern, "/*path");
  EXPECT_EQ(m.params.at("path"), "w/abc/def");
  m = r.find("GET", "/");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.params.at("path"), "");
  m = r.find("GET", "/api/v1/config");
  EXPECT_EQ(m.route->pattern, "/api/v1/config");
}
