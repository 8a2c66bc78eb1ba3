// libFuzzer target: the VAST and VMAP parsers, and the resolver fed the input as a
// wrapper's answer, must never crash, hang or leak on any input.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "vast/macros.hpp"
#include "vast/resolver.hpp"
#include "vast/vmap.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto vmap = vast::parse_vmap(text)) {
    for (const auto& ad_break : vmap->ad_breaks) {
      if (ad_break.ad_source && ad_break.ad_source->vast_ad_data) (void)vast::parse(*ad_break.ad_source->vast_ad_data);
      (void)vast::break_time(ad_break.time_offset, vast::Milliseconds{600000});
    }
  }
  auto document = vast::parse(text);
  if (document) {
    vast::MacroValues macros;
    macros.set("ERRORCODE", "303");
    for (const auto& uri : document->errors) (void)vast::expand_macros(uri, macros);
  }
  // The same bytes as the answer to a wrapper, twice deep.
  vast::Ad wrapper;
  wrapper.id = "w";
  wrapper.is_wrapper = true;
  wrapper.vast_ad_tag_uri = "http://ads/1";
  wrapper.allow_multiple_ads = true;
  vast::Resolver resolver({wrapper});
  for (int round = 0; round < 3 && !resolver.finished(); ++round) {
    for (const auto& request : resolver.requests()) resolver.on_response(request.id, text);
  }
  resolver.abandon("fuzz");
  if (!resolver.finished()) std::abort();
  (void)std::move(resolver).take();
  return 0;
}
