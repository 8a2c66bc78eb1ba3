// FNV-1a as written down by ids and keys: the published test values.
#include "manifests/stable_hash.hpp"

#include <catch2/catch.hpp>

TEST_CASE("stable hash: FNV-1a's published values", "[hash]") {
  STATIC_REQUIRE(manifests::fnv1a_64("") == 14695981039346656037ull);
  STATIC_REQUIRE(manifests::fnv1a_64("a") == 0xaf63dc4c8601ec8cull);
  STATIC_REQUIRE(manifests::fnv1a_64("foobar") == 0x85944171f73967e8ull);
  STATIC_REQUIRE(manifests::fnv1a_32("a") == 0xe40c292cu);
  STATIC_REQUIRE(manifests::fnv1a_32("foobar") == 0xbf9cf968u);
}
