#include "support/fixture_ads.hpp"

#include <cstdio>
#include <sstream>

#include "support/http_get.hpp"

namespace test_support {

std::string vast_document(const std::vector<InlineAd>& ads) {
  std::string xml = "<VAST version=\"4.2\">";
  for (const auto& ad : ads) {
    char duration[16];
    std::snprintf(duration, sizeof duration, "%02d:%02d:%02d", ad.seconds / 3600, ad.seconds / 60 % 60, ad.seconds % 60);
    xml += "<Ad id=\"" + ad.id + "\"" + (ad.sequence ? " sequence=\"" + std::to_string(*ad.sequence) + "\"" : "") +
           "><InLine><AdSystem>t</AdSystem><AdTitle>" + ad.id + "</AdTitle><Impression>" + ad.impression +
           "</Impression><Creatives><Creative><UniversalAdId idRegistry=\"t\">" + ad.universal_ad_id +
           "</UniversalAdId><Linear><Duration>" + duration + "</Duration><MediaFiles><MediaFile delivery=\"" + ad.delivery +
           "\" type=\"" + ad.type + "\" width=\"" + std::to_string(ad.width) + "\" height=\"" + std::to_string(ad.height) +
           "\">" + ad.media_url + "</MediaFile></MediaFiles></Linear></Creative></Creatives></InLine></Ad>";
  }
  return xml + "</VAST>";
}

std::vector<std::string> variant_urls(const std::string& master_url) {
  const auto master = http_get(master_url);
  std::vector<std::string> out;
  if (master.status != 200) return out;
  std::istringstream lines(master.body);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("http", 0) == 0) out.push_back(line);
  }
  return out;
}

}  // namespace test_support
