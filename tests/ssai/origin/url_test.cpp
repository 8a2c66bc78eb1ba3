#include "ssai/url.hpp"

#include <catch2/catch.hpp>

TEST_CASE("content paths cannot leave the configured origin") {
  CHECK(ssai::is_safe_content_path("content/master.m3u8"));
  CHECK(ssai::is_safe_content_path("live/ch-1/index_720p.m3u8"));
  for (const char* bad : {"", "/abs.m3u8", "../x.m3u8", "a/../../x.m3u8", "a//b.m3u8", "a/./b.m3u8", "a\\b",
                          "a b.m3u8", "a?b", "http://evil/x.m3u8"}) {
    INFO(bad);
    CHECK_FALSE(ssai::is_safe_content_path(bad));
  }
}

TEST_CASE("url_origin") {
  CHECK(ssai::url_origin("http://127.0.0.1:8081/vast/pod.xml?x=1") == "http://127.0.0.1:8081");
  CHECK_FALSE(ssai::url_origin("/relative"));
}
