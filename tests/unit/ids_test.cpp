#include <gtest/gtest.h>

#include "core/ids.h"

using namespace vv;

TEST(Ids, UuidV4HasVersionAndVariant) {
  for (int i = 0; i < 100; ++i) {
    std::string u = uuid_v4();
    ASSERT_TRUE(is_uuid(u)) << u;
    EXPECT_EQ(u[14], '4');
    EXPECT_NE(std::string("89ab").find(u[19]), std::string::npos);
  }
}

TEST(Ids, ShortUuidMatchesShortUuidPackage) {
  // Values produced by the npm `short-uuid` package (flickrBase58), which
  // PeerTube uses for its shortUUID.
  EXPECT_EQ(uuid_to_short("00000000-0000-0000-0000-000000000000"), std::string(22, '1'));
  EXPECT_EQ(uuid_to_short("00000000-0000-0000-0000-000000000001"), std::string(21, '1') + "2");
  EXPECT_EQ(uuid_to_short("00000000-0000-0000-0000-00000000003a"), std::string(20, '1') + "21");
  EXPECT_EQ(uuid_to_short("ffffffff-ffff-ffff-ffff-ffffffffffff").size(), 22u);
}

TEST(Ids, ShortUuidRoundTrips) {
  for (int i = 0; i < 200; ++i) {
    std::string u = uuid_v4();
    auto back = short_to_uuid(uuid_to_short(u));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, u);
  }
}

TEST(Ids, ShortUuidRejectsGarbage) {
  EXPECT_FALSE(short_to_uuid("").has_value());
  EXPECT_FALSE(short_to_uuid("0OIl").has_value());  // not in the alphabet
  EXPECT_FALSE(short_to_uuid(std::string(40, 'z')).has_value());
  EXPECT_FALSE(is_uuid("not-a-uuid"));
}

TEST(Ids, IdOrUuidForms) {
  std::string u = uuid_v4();
  EXPECT_TRUE(is_id_or_uuid("42"));
  EXPECT_TRUE(is_id_or_uuid(u));
  EXPECT_TRUE(is_id_or_uuid(uuid_to_short(u)));
  EXPECT_FALSE(is_id_or_uuid(""));
  EXPECT_FALSE(is_id_or_uuid("not-an-id!"));
  EXPECT_FALSE(is_id_or_uuid(std::string(23, 'z')));  // too long for a short UUID, not a number
}
