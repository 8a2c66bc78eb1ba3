#include "vast/resolver.hpp"

#include <catch2/catch.hpp>
#include <string>

namespace {

std::string wrapper(const std::string& id, const std::string& target, const std::string& attributes = "") {
  return "<Ad id=\"" + id + "\"><Wrapper" + attributes + "><AdSystem>w</AdSystem><VASTAdTagURI><![CDATA[" + target +
         "]]></VASTAdTagURI><Error>http://err/" + id + "?c=[ERRORCODE]</Error><Impression>http://imp/" + id +
         "</Impression><Creatives><Creative><Linear><TrackingEvents><Tracking event=\"start\">http://start/" + id +
         "</Tracking></TrackingEvents><VideoClicks><ClickTracking>http://click/" + id +
         "</ClickTracking></VideoClicks></Linear></Creative></Creatives></Wrapper></Ad>";
}

std::string inline_ad(const std::string& id, const std::string& sequence = "") {
  return "<Ad id=\"" + id + "\"" + (sequence.empty() ? "" : " sequence=\"" + sequence + "\"") +
         "><InLine><AdSystem>i</AdSystem><AdTitle>" + id + "</AdTitle><Error>http://err/" + id +
         "</Error><Impression>http://imp/" + id + "</Impression><Creatives><Creative><Linear><Duration>00:00:10</Duration>"
         "<TrackingEvents><Tracking event=\"start\">http://start/" + id + "</Tracking></TrackingEvents>"
         "<VideoClicks><ClickTracking>http://click/" + id + "</ClickTracking></VideoClicks><MediaFiles>"
         "<MediaFile delivery=\"progressive\" type=\"video/mp4\" width=\"1280\" height=\"720\">http://m/" + id +
         ".mp4</MediaFile></MediaFiles></Linear></Creative></Creatives></InLine></Ad>";
}

std::string document(const std::string& ads) { return "<VAST version=\"4.1\">" + ads + "</VAST>"; }

vast::Resolver start(const std::string& body, vast::ResolverLimits limits = {}) {
  auto document = vast::parse(body);
  REQUIRE(document);
  std::vector<vast::Ad> ads;
  for (const auto* ad : vast::select_pod(*document)) ads.push_back(*ad);
  return vast::Resolver(std::move(ads), limits);
}

std::vector<std::string> impressions(const vast::Ad& ad) {
  std::vector<std::string> out;
  for (const auto& i : ad.impressions) out.push_back(i.uri);
  return out;
}

}  // namespace

TEST_CASE("an InLine response resolves without any fetch") {
  auto resolver = start(document(inline_ad("a")));
  CHECK(resolver.requests().empty());
  CHECK(resolver.finished());
  auto result = std::move(resolver).take();
  REQUIRE(result.ads.size() == 1);
  CHECK(result.errors.empty());
}

TEST_CASE("a 3-deep wrapper chain merges tracking outermost first") {
  auto resolver = start(document(wrapper("w1", "http://ads/2")));
  auto requests = resolver.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].url == "http://ads/2");
  CHECK(requests[0].depth == 1);
  resolver.on_response(requests[0].id, document(wrapper("w2", "http://ads/3")));
  requests = resolver.requests();
  REQUIRE(requests.size() == 1);
  resolver.on_response(requests[0].id, document(wrapper("w3", "http://ads/4")));
  requests = resolver.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].depth == 3);
  resolver.on_response(requests[0].id, document(inline_ad("final")));
  CHECK(resolver.requests().empty());
  REQUIRE(resolver.finished());
  auto result = std::move(resolver).take();
  REQUIRE(result.ads.size() == 1);
  const auto& ad = result.ads[0];
  CHECK(impressions(ad) == std::vector<std::string>{"http://imp/w1", "http://imp/w2", "http://imp/w3", "http://imp/final"});
  CHECK(ad.errors.size() == 4);
  const auto& linear = *vast::linear_creative(ad)->linear;
  REQUIRE(linear.tracking_events.size() == 4);
  CHECK(linear.tracking_events[0].uri == "http://start/w1");
  CHECK(linear.tracking_events[3].uri == "http://start/final");
  CHECK(linear.video_clicks.click_tracking.front() == "http://click/w1");
  REQUIRE(result.hops.size() == 3);
  CHECK(result.hops[2].vast_version == "4.1");
  CHECK(result.errors.empty());
}

TEST_CASE("depth limit, loops and followAdditionalWrappers give error 302 to every Error URI of the chain") {
  vast::ResolverLimits limits;
  limits.max_depth = 2;
  auto resolver = start(document(wrapper("w1", "http://ads/2")), limits);
  auto r = resolver.requests();
  resolver.on_response(r.at(0).id, document(wrapper("w2", "http://ads/3")));
  r = resolver.requests();
  resolver.on_response(r.at(0).id, document(wrapper("w3", "http://ads/4")));
  CHECK(resolver.requests().empty());
  REQUIRE(resolver.finished());
  auto result = std::move(resolver).take();
  CHECK(result.ads.empty());
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].code == vast::ErrorCode::kWrapperLimit);
  CHECK(result.errors[0].error_uris ==
        std::vector<std::string>{"http://err/w1?c=[ERRORCODE]", "http://err/w2?c=[ERRORCODE]", "http://err/w3?c=[ERRORCODE]"});

  auto loop = start(document(wrapper("w1", "http://ads/loop")));
  r = loop.requests();
  loop.on_response(r.at(0).id, document(wrapper("w2", "http://ads/loop")));
  REQUIRE(loop.finished());
  auto looped = std::move(loop).take();
  REQUIRE(looped.errors.size() == 1);
  CHECK_THAT(looped.errors[0].reason, Catch::Contains("loop"));

  auto stop = start(document(wrapper("w1", "http://ads/2", " followAdditionalWrappers=\"false\"")));
  r = stop.requests();
  stop.on_response(r.at(0).id, document(wrapper("w2", "http://ads/3")));
  auto stopped = std::move(stop).take();
  REQUIRE(stopped.errors.size() == 1);
  CHECK(stopped.errors[0].code == vast::ErrorCode::kWrapperLimit);
}

TEST_CASE("no ads after a wrapper (303), malformed target (100), unreachable target (301)") {
  auto empty = start(document(wrapper("w1", "http://ads/empty")));
  auto r = empty.requests();
  empty.on_response(r.at(0).id, "<VAST version=\"3.0\"><Error>http://root-err</Error></VAST>");
  auto e = std::move(empty).take();
  REQUIRE(e.errors.size() == 1);
  CHECK(e.errors[0].code == vast::ErrorCode::kWrapperNoAds);
  CHECK(e.errors[0].error_uris.back() == "http://root-err");

  auto broken = start(document(wrapper("w1", "http://ads/broken")));
  r = broken.requests();
  broken.on_response(r.at(0).id, "<VAST version=\"3.0\"><Ad>");
  CHECK(std::move(broken).take().errors.at(0).code == vast::ErrorCode::kXmlParsing);

  auto slow = start(document(wrapper("w1", "http://ads/slow")));
  r = slow.requests();
  slow.on_failure(r.at(0).id, vast::ErrorCode::kWrapperTimeout, "no answer within 3000 ms");
  auto s = std::move(slow).take();
  CHECK(s.errors.at(0).code == vast::ErrorCode::kWrapperTimeout);
  CHECK(s.hops.at(0).error == "no answer within 3000 ms");
}

TEST_CASE("allowMultipleAds: a pod behind a wrapper only when the wrapper allows it") {
  const std::string pod = document(inline_ad("p2", "2") + inline_ad("p1", "1"));
  auto single = start(document(wrapper("w", "http://ads/pod")));
  auto r = single.requests();
  single.on_response(r.at(0).id, pod);
  auto one = std::move(single).take();
  REQUIRE(one.ads.size() == 1);
  CHECK(one.ads[0].id == "p1");

  auto multiple = start(document(wrapper("w", "http://ads/pod", " allowMultipleAds=\"true\"")));
  r = multiple.requests();
  multiple.on_response(r.at(0).id, pod);
  auto both = std::move(multiple).take();
  REQUIRE(both.ads.size() == 2);
  CHECK(both.ads[0].id == "p1");
  CHECK(impressions(both.ads[1]) == std::vector<std::string>{"http://imp/w", "http://imp/p2"});
}

TEST_CASE("a pod of wrappers resolves concurrently and keeps pod order, abandon stops what is left") {
  auto resolver = start(document("<Ad id=\"a\" sequence=\"1\">" + wrapper("x", "http://ads/a").substr(11) +
                             "<Ad id=\"b\" sequence=\"2\">" + wrapper("y", "http://ads/b").substr(11)));
  auto r = resolver.requests();
  REQUIRE(r.size() == 2);
  resolver.on_response(r[1].id, document(inline_ad("B")));  // the second answers first
  CHECK_FALSE(resolver.finished());
  resolver.abandon("the 10 s decision budget ran out");
  REQUIRE(resolver.finished());
  auto result = std::move(resolver).take();
  REQUIRE(result.ads.size() == 1);
  CHECK(result.ads[0].id == "B");
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].code == vast::ErrorCode::kWrapperTimeout);
}

TEST_CASE("fallbackOnNoAd: a pod wrapper that comes back empty is replaced from the buffet") {
  const std::string response = document(
      "<Ad id=\"p1\" sequence=\"1\">" + wrapper("w1", "http://ads/empty", " fallbackOnNoAd=\"true\"").substr(11) +
      "<Ad id=\"p2\" sequence=\"2\">" + wrapper("w2", "http://ads/empty").substr(11) + inline_ad("buffet-1"));
  auto parsed = vast::parse(response);
  REQUIRE(parsed);
  std::vector<vast::Ad> pod;
  for (const auto* ad : vast::select_pod(*parsed)) pod.push_back(*ad);
  REQUIRE(pod.size() == 2);
  vast::Resolver resolver(std::move(pod), {}, vast::buffet_of(*parsed));
  for (const auto& r : resolver.requests()) resolver.on_response(r.id, "<VAST version=\"4.0\"/>");
  REQUIRE(resolver.finished());
  auto result = std::move(resolver).take();
  REQUIRE(result.ads.size() == 1);  // the first wrapper fell back; the second did not ask to
  CHECK(result.ads[0].id == "buffet-1");
  CHECK(result.errors.size() == 2);  // both empty answers are still reported (303)
  CHECK(result.buffet.empty());      // it was used up
}

TEST_CASE("the stand-alone ads a pod did not use are handed on, for pod ads that cannot play") {
  const std::string response = document(inline_ad("pod-1", "1") + inline_ad("buffet-1") +
                                        inline_ad("buffet-2"));
  auto parsed = vast::parse(response);
  REQUIRE(parsed);
  std::vector<vast::Ad> pod;
  for (const auto* ad : vast::select_pod(*parsed)) pod.push_back(*ad);
  vast::Resolver resolver(std::move(pod), {}, vast::buffet_of(*parsed));
  REQUIRE(resolver.finished());
  auto result = std::move(resolver).take();
  REQUIRE(result.ads.size() == 1);
  REQUIRE(result.buffet.size() == 2);
  CHECK(result.buffet[0].id == "buffet-1");
  CHECK(result.buffet[1].id == "buffet-2");
}

TEST_CASE("wrappers answering with many wrappers cannot grow the tree past the request cap") {
  vast::ResolverLimits limits;
  limits.max_requests = 4;
  auto resolver = start(document(wrapper("top", "http://ads/fan", " allowMultipleAds=\"true\"")), limits);
  std::string fan;
  for (int i = 0; i < 5; ++i) {
    const std::string id = "f" + std::to_string(i);
    std::string ad = wrapper(id, "http://ads/fan" + std::to_string(i), " allowMultipleAds=\"true\"");
    ad.replace(0, ("<Ad id=\"" + id + "\">").size(), "<Ad id=\"" + id + "\" sequence=\"" + std::to_string(i + 1) + "\">");
    fan += ad;
  }
  // Every answer is the same fan of five wrappers; only the cap stops it.
  for (int round = 0; round < 10 && !resolver.finished(); ++round) {
    for (const auto& r : resolver.requests()) resolver.on_response(r.id, document(fan));
  }
  REQUIRE(resolver.finished());
  auto result = std::move(resolver).take();
  CHECK(result.hops.size() == 4);
  CHECK(result.ads.empty());
  REQUIRE_FALSE(result.errors.empty());
  CHECK(result.errors.front().code == vast::ErrorCode::kWrapperLimit);
  CHECK_THAT(result.errors.front().reason, Catch::Contains("more than 4 wrapper requests"));
}
