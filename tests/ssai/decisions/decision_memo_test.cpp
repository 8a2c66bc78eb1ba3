#include "ssai/decision_memo.hpp"

#include <catch2/catch.hpp>

namespace {

std::shared_ptr<const ssai::AvailDecision> decision(const std::string& id) {
  auto d = std::make_shared<ssai::AvailDecision>();
  d->avail_id = id;
  return d;
}

}  // namespace

TEST_CASE("decision memo: what is in use stays, what is not ages out after two generations") {
  ssai::DecisionMemo memo(2);
  CHECK(memo.find("a") == nullptr);
  memo.remember("a", decision("a"));
  memo.remember("b", decision("b"));
  memo.remember("c", decision("c"));  // the first generation (a, b) becomes the older
  REQUIRE(memo.find("a") != nullptr);  // used: moves up to the newer (c, a)
  CHECK(memo.find("a")->avail_id == "a");
  memo.remember("d", decision("d"));  // (c, a) becomes the older; b goes
  CHECK(memo.find("b") == nullptr);
  CHECK(memo.find("a") != nullptr);
  CHECK(memo.find("c") != nullptr);
  CHECK(memo.find("d") != nullptr);
}

TEST_CASE("generation memo: bounded in bytes too, an oversized value is not kept") {
  ssai::GenerationMemo<std::string> memo(100, 10);
  memo.remember("a", "aaaa", 4);
  memo.remember("b", "bbbb", 4);
  memo.remember("a", "aaaaa", 5);  // replaced: 5 + 4 bytes, still one generation
  memo.remember("c", "cc", 2);     // 11 bytes would not fit: (a, b) becomes the older
  CHECK(memo.find("b") == "bbbb");  // moves up: (c, b)
  memo.remember("d", "dddd", 4);   // fits: (c, b, d), 10 bytes
  memo.remember("e", "e", 1);      // does not: (c, b, d) becomes the older, a goes
  CHECK(memo.find("a").empty());
  CHECK(memo.find("d") == "dddd");
  memo.remember("huge", std::string(11, 'x'), 11);
  CHECK(memo.find("huge").empty());
}
