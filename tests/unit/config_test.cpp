#include <gtest/gtest.h>

#include "app/default_config.h"
#include "core/config.h"

using namespace vv;

TEST(Config, UserFileMergesOverDefaults) {
  Config c = Config::from_yaml("listen: {hostname: a, port: 1}\nsignup: {enabled: false, limit: 10}\n",
                               "listen: {port: 2}\nsignup: {enabled: true}\n");
  EXPECT_EQ(c.str("listen.hostname"), "a");
  EXPECT_EQ(c.integer("listen.port"), 2);
  EXPECT_TRUE(c.boolean("signup.enabled"));
  EXPECT_EQ(c.integer("signup.limit"), 10);
  EXPECT_EQ(c.integer("missing.key", 42), 42);
  EXPECT_FALSE(c.has("listen.nothing"));
}

TEST(Config, ReadingDoesNotInsertKeys) {
  Config c = Config::from_yaml("a: {b: 1}\n");
  EXPECT_FALSE(c.has("a.c.d"));
  EXPECT_FALSE(c.root()["a"]["c"].IsDefined());
}

TEST(Config, DurationsAndSizes) {
  EXPECT_EQ(parse_duration_ms("10 seconds"), 10'000);
  EXPECT_EQ(parse_duration_ms("5 minutes"), 300'000);
  EXPECT_EQ(parse_duration_ms("1 day"), 86'400'000);
  EXPECT_EQ(parse_duration_ms("2 weeks"), 14LL * 86'400'000);
  EXPECT_EQ(parse_duration_ms("1500"), 1500);
  EXPECT_THROW(parse_duration_ms("soon"), std::invalid_argument);
  EXPECT_EQ(parse_bytes("100MB"), 100LL * 1024 * 1024);
  EXPECT_EQ(parse_bytes("5 GB"), 5LL * 1024 * 1024 * 1024);
  EXPECT_EQ(parse_bytes("-1"), -1);
  EXPECT_THROW(parse_bytes("lots"), std::invalid_argument);
}

TEST(Config, StorageDirsLiveUnderRoot) {
  Config c = Config::from_yaml("storage: {root: /srv/vv, actor_images: 'avatars/', logs: /var/log/vv}\n");
  EXPECT_EQ(c.storage_dir("actor_images"), std::filesystem::path("/srv/vv/avatars/"));
  EXPECT_EQ(c.storage_dir("logs"), std::filesystem::path("/var/log/vv"));
}

TEST(Config, WebserverUrlOmitsDefaultPorts) {
  EXPECT_EQ(Config::from_yaml("webserver: {https: true, hostname: v.example, port: 443}").webserver_url(), "https://v.example");
  EXPECT_EQ(Config::from_yaml("webserver: {https: false, hostname: h, port: 9000}").webserver_url(), "http://h:9000");
  EXPECT_EQ(Config::from_yaml("webserver: {https: false, hostname: h, port: 9000}").webserver_host(), "h:9000");
}

TEST(Config, OverlaySwapBumpsGeneration) {
  ConfigHolder h(Config::from_yaml("instance: {name: A, terms: T}"));
  auto before = h.get();
  uint64_t g = h.generation();
  h.apply_overlay(YAML::Load("instance: {name: B}"));
  EXPECT_EQ(h.get()->str("instance.name"), "B");
  EXPECT_EQ(h.get()->str("instance.terms"), "T");
  EXPECT_EQ(before->str("instance.name"), "A");  // readers keep their snapshot
  EXPECT_GT(h.generation(), g);
  h.apply_overlay(YAML::Node());
  EXPECT_EQ(h.get()->str("instance.name"), "A");
}

TEST(Config, DefaultYamlParsesAndHasPeerTubeKeys) {
  Config c = Config::from_yaml(kDefaultConfigYaml);
  EXPECT_EQ(c.integer("listen.port"), 9000);
  EXPECT_EQ(c.str("database.type"), "sqlite");
  EXPECT_EQ(c.duration_ms("rates_limit.login.window"), 300'000);
  EXPECT_EQ(c.duration_ms("oauth2.token_lifetime.access_token"), 86'400'000);
  EXPECT_TRUE(c.has("transcoding.resolutions.1080p"));
}

#include "core/text.h"

TEST(Text, FoldsLatinAccents) {
  EXPECT_EQ(vv::fold_accents("Café crème brûlée"), "Cafe creme brulee");
  EXPECT_EQ(vv::fold_accents("Ærøskøbing Łódź Škoda"), "Aroskobing Lodz Skoda");
  EXPECT_EQ(vv::fold_accents("plain ascii 123"), "plain ascii 123");
  EXPECT_EQ(vv::fold_accents("日本語"), "日本語");
}
