#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/custom_config.h"
#include "app/default_config.h"
#include "core/api_error.h"

using namespace vv;
namespace json = boost::json;

TEST(CustomConfig, CamelToSnake) {
  EXPECT_EQ(api::camel_to_snake("shortDescription"), "short_description");
  EXPECT_EQ(api::camel_to_snake("defaultNSFWPolicy"), "default_nsfw_policy");
  EXPECT_EQ(api::camel_to_snake("isNSFW"), "is_nsfw");
  EXPECT_EQ(api::camel_to_snake("xLink"), "x_link");
  EXPECT_EQ(api::camel_to_snake("webVideos"), "web_videos");
  EXPECT_EQ(api::camel_to_snake("1080p"), "1080p");
  EXPECT_EQ(api::camel_to_snake("autoFollowIndex"), "auto_follow_index");
}

TEST(CustomConfig, EveryLeafExistsInDefaultYaml) {
  // A leaf missing from default.yaml would silently read as empty/false.
  Config c = Config::from_yaml(kDefaultConfigYaml);
  json::object o = api::custom_config_json(c);
  std::function<void(const json::object&, const std::string&)> walk = [&](const json::object& obj, const std::string& prefix) {
    for (const auto& kv : obj) {
      std::string path = prefix + (prefix.empty() ? "" : ".") + api::camel_to_snake(kv.key());
      if (kv.value().is_object()) walk(kv.value().as_object(), path);
      else EXPECT_TRUE(c.node(path).IsDefined()) << path;
    }
  };
  walk(o, "");
  EXPECT_EQ(o.at("instance").at("name").as_string(), "Vidiverse");
  EXPECT_EQ(o.at("user").at("videoQuota").as_int64(), -1);
  EXPECT_EQ(o.at("export").at("users").at("maxUserVideoQuota").as_int64(), 10LL * 1024 * 1024 * 1024);
}

TEST(CustomConfig, OverlayRoundTrips) {
  Config c = Config::from_yaml(kDefaultConfigYaml);
  json::object body = api::custom_config_json(c);
  body["instance"].as_object()["name"] = "Renamed";
  body["signup"].as_object()["limit"] = 42;
  body["transcoding"].as_object()["resolutions"].as_object()["720p"] = true;
  YAML::Node overlay = api::custom_config_overlay(body);
  Config after = c.with_overlay(overlay);
  json::object again = api::custom_config_json(after);
  EXPECT_EQ(again.at("instance").at("name").as_string(), "Renamed");
  EXPECT_EQ(again.at("signup").at("limit").as_int64(), 42);
  EXPECT_TRUE(again.at("transcoding").at("resolutions").at("720p").as_bool());
  body["instance"].as_object()["name"] = "Renamed";
  EXPECT_EQ(json::serialize(again), json::serialize(body));
}

static json::object full_body() { return api::custom_config_json(Config::from_yaml(kDefaultConfigYaml)); }

TEST(CustomConfig, WrongTypesAreRejectedWithTheField) {
  json::object body = full_body();
  body["signup"].as_object()["enabled"] = "yes";
  try {
    api::custom_config_overlay(body);
    FAIL() << "accepted a string for a boolean";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status, 400);
    EXPECT_TRUE(e.invalid.contains("signup.enabled"));
  }
  auto with = [](const char* section, const char* key, json::value v) {
    json::object b = full_body();
    b[section].as_object()[key] = std::move(v);
    return b;
  };
  EXPECT_THROW(api::custom_config_overlay(with("instance", "defaultNSFWPolicy", "show")), ApiError);
  EXPECT_THROW(api::custom_config_overlay(with("broadcastMessage", "level", "loud")), ApiError);
  EXPECT_THROW(api::custom_config_overlay(with("signup", "limit", -5)), ApiError);
  json::object b = full_body();
  b["instance"] = "x";
  EXPECT_THROW(api::custom_config_overlay(b), ApiError);
}

TEST(CustomConfig, RequiredFieldsMustBePresent) {
  json::object body = full_body();
  body["instance"].as_object().erase("name");
  try {
    api::custom_config_overlay(body);
    FAIL() << "accepted a body without instance.name";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status, 400);
    EXPECT_TRUE(e.invalid.contains("instance.name"));
    EXPECT_NE(std::string(e.what()).find("instance.name"), std::string::npos);
  }
}

TEST(CustomConfig, UnknownKeysAndNewerOptionalFieldsAreTolerated) {
  json::object body = full_body();
  body["someFutureKey"] = json::object{{"a", 1}};
  body["instance"].as_object()["name"] = "X";
  body.erase("videoTranscription");  // newer than 7.0: optional
  YAML::Node o = api::custom_config_overlay(body);
  EXPECT_EQ(o["instance"]["name"].as<std::string>(), "X");
  EXPECT_FALSE(o["some_future_key"].IsDefined());
  EXPECT_FALSE(o["video_transcription"].IsDefined());
}
