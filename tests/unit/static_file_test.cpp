#include <gtest/gtest.h>

#include <fstream>

#include "http/static_file.h"

using namespace vv::http;
namespace fs = std::filesystem;

TEST(Range, Parses) {
  ByteRange r;
  ASSERT_EQ(parse_range("bytes=0-9", 100, r), RangeResult::ok);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.last, 9u);
  ASSERT_EQ(parse_range("bytes=90-", 100, r), RangeResult::ok);
  EXPECT_EQ(r.first, 90u);
  EXPECT_EQ(r.last, 99u);
  ASSERT_EQ(parse_range("bytes=-10", 100, r), RangeResult::ok);
  EXPECT_EQ(r.first, 90u);
  ASSERT_EQ(parse_range("bytes=50-500", 100, r), RangeResult::ok);
  EXPECT_EQ(r.last, 99u);
  EXPECT_EQ(parse_range("bytes=100-", 100, r), RangeResult::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=9-3", 100, r), RangeResult::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=a-b", 100, r), RangeResult::none);
  EXPECT_EQ(parse_range("items=0-1", 100, r), RangeResult::none);
  EXPECT_EQ(parse_range("bytes=99999999999999999999-", 100, r), RangeResult::none);
}

TEST(SafeJoin, RefusesTraversal) {
  fs::path root = fs::temp_directory_path() / "vv-safejoin";
  fs::create_directories(root / "sub");
  std::ofstream(root / "a.jpg") << "x";
  std::ofstream(root / "sub" / "b.jpg") << "x";
  EXPECT_TRUE(safe_join(root, "a.jpg").has_value());
  EXPECT_TRUE(safe_join(root, "sub/b.jpg").has_value());
  EXPECT_FALSE(safe_join(root, "../etc/passwd").has_value());
  EXPECT_FALSE(safe_join(root, "sub/../../x").has_value());
  EXPECT_FALSE(safe_join(root, "/etc/passwd").has_value());
  EXPECT_FALSE(safe_join(root, "..").has_value());
  EXPECT_FALSE(safe_join(root, "a\\..\\b").has_value());
  EXPECT_FALSE(safe_join(root, std::string("a\0b", 3)).has_value());
  EXPECT_FALSE(safe_join(root, "").has_value());
  // A symlink pointing outside the root is refused too.
  fs::remove(root / "evil");
  fs::create_symlink("/etc", root / "evil");
  EXPECT_FALSE(safe_join(root, "evil/passwd").has_value());
}

TEST(Mime, KnownTypes) {
  EXPECT_EQ(mime_type_for("x.JPG"), "image/jpeg");
  EXPECT_EQ(mime_type_for("seg.m4s"), "video/iso.segment");
  EXPECT_EQ(mime_type_for("master.m3u8"), "application/vnd.apple.mpegurl");
  EXPECT_EQ(mime_type_for("noext"), "application/octet-stream");
}
