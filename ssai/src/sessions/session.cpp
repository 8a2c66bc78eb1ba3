#include "ssai/session.hpp"

#include <sys/random.h>

#include <array>

#include "common/json_io.hpp"

namespace ssai {

std::string new_session_id() {
  std::array<unsigned char, 16> bytes{};
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    const auto n = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (n > 0) filled += static_cast<std::size_t>(n);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(32);
  for (auto b : bytes) {
    id.push_back(kHex[b >> 4]);
    id.push_back(kHex[b & 0xF]);
  }
  return id;
}

bool is_session_id(std::string_view text) {
  if (text.size() != 32) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

namespace {

std::string_view kind_name(MediaKind kind) {
  switch (kind) {
    case MediaKind::kAudio: return "audio";
    case MediaKind::kSubtitles: return "subtitles";
    case MediaKind::kIFrames: return "iframes";
    case MediaKind::kVariant: break;
  }
  return "variant";
}

MediaKind kind_from(std::string_view name) {
  if (name == "audio") return MediaKind::kAudio;
  if (name == "subtitles") return MediaKind::kSubtitles;
  if (name == "iframes") return MediaKind::kIFrames;
  return MediaKind::kVariant;
}

}  // namespace

const SessionVariant* Session::main_variant() const {
  for (const auto& variant : variants) {
    if (variant.kind == MediaKind::kVariant) return &variant;
  }
  return nullptr;
}

std::string to_json(const Session& session) {
  JsonWriter w;
  w.begin_object();
  w.field("id", session.id);
  w.field("config", session.config);
  w.field("master_url", session.master_url);
  w.field("user_agent", session.user_agent);
  w.field("client_ip", session.client_ip);
  w.field("started_ms", session.started_ms);
  w.field("format", session.dash ? "dash" : "hls");
  w.field("mode", session.guided ? "guided" : "stitched");
  if (!session.ladder.empty()) w.field("ladder", session.ladder);
  if (session.preroll_msn) w.field("preroll_msn", *session.preroll_msn);
  w.key("player_params");
  w.begin_object();
  for (const auto& [k, v] : session.player_params) w.field(k, v);
  w.end_object();
  w.key("variants");
  w.begin_array();
  for (const auto& v : session.variants) {
    w.begin_object();
    w.field("uri", v.uri);
    w.field("bandwidth", v.bandwidth);
    w.field("width", v.width);
    w.field("height", v.height);
    w.field("kind", kind_name(v.kind));
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

Result<Session> session_from_json(std::string_view json) {
  JsonReader r(json);
  if (!r.ok()) return fail(Errc::kInternal, "stored session is not valid JSON");
  Session s;
  s.id = r.string("id");
  s.config = r.string("config");
  s.master_url = r.string("master_url");
  s.user_agent = r.string("user_agent");
  s.client_ip = r.string("client_ip");
  s.started_ms = r.integer("started_ms");
  s.dash = r.string("format") == "dash";
  s.guided = r.string("mode") == "guided";
  s.ladder = r.string("ladder");
  if (const auto* preroll = r.find("preroll_msn"); preroll && preroll->IsInt64()) s.preroll_msn = preroll->GetInt64();
  s.player_params = r.string_map("player_params");
  for (const auto* v : r.objects("variants")) {
    JsonReader item(*v);
    s.variants.push_back({item.string("uri"), static_cast<int>(item.integer("bandwidth")),
                          static_cast<int>(item.integer("width")), static_cast<int>(item.integer("height")),
                          kind_from(item.string("kind"))});
  }
  if (!is_session_id(s.id) || s.config.empty()) return fail(Errc::kInternal, "stored session is incomplete");
  return s;
}

}  // namespace ssai
