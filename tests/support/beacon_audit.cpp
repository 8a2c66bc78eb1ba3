#include "support/beacon_audit.hpp"

#include <cstdio>
#include <regex>
#include <thread>

#include <rapidjson/document.h>

#include "support/http_get.hpp"

namespace test_support {
namespace {

bool is_final(std::string_view state) {
  // "duplicate": an event seen again, recorded and not queued: nothing to deliver.
  return state == "sent" || state == "failed" || state == "refused" || state == "abandoned" || state == "duplicate";
}

std::int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// True when the audit answer shows every beacon due by `now` settled, and at least
// `at_least` beacons.
bool settled(const std::string& body, std::size_t at_least, std::int64_t now) {
  rapidjson::Document audit;
  audit.Parse(body.c_str());
  if (!audit.IsObject() || !audit.HasMember("beacons") || !audit["beacons"].IsArray()) return false;
  const auto& beacons = audit["beacons"].GetArray();
  if (beacons.Size() < at_least) return false;
  for (const auto& beacon : beacons) {
    bool final = false;
    std::int64_t due = 0;
    for (const auto& record : beacon["history"].GetArray()) {
      const std::string_view state = record["state"].GetString();
      final = final || is_final(state);
      if (state == "queued" && record.HasMember("due")) due = record["due"].GetInt64();
    }
    if (!final && due <= now) return false;
  }
  return true;
}

}  // namespace

std::string session_id_in(const std::string& url) {
  std::smatch id;
  if (!std::regex_search(url, id, std::regex("/v1/(?:manifest|segment|sessions)/([0-9a-f]{32})/"))) return {};
  return id[1].str();
}

bool wait_beacons_settled(const std::string& service_url, const std::string& session_id, std::size_t at_least,
                          std::chrono::milliseconds bound) {
  const auto give_up = std::chrono::steady_clock::now() + bound;
  // Due by the time the wait began: a quartile that awaits playback is not waited for.
  const auto now = unix_ms_now();
  HttpResult audit;
  while (std::chrono::steady_clock::now() < give_up) {
    audit = http_get(service_url + "/v1/sessions/" + session_id + "/beacons");
    if (audit.status == 200 && settled(audit.body, at_least, now)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::fprintf(stderr, "beacons of session %s not settled after %lld ms; the audit trail (HTTP %ld): %s\n", session_id.c_str(),
               static_cast<long long>(bound.count()), audit.status, audit.body.c_str());
  return false;
}

}  // namespace test_support
