#include "manifests/dash/mpd.hpp"

#include <charconv>
#include <limits>

namespace manifests::dash {

std::string_view local_name(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
  for (auto node : parent.children()) {
    if (node.type() == pugi::node_element && local_name(node) == name) return node;
  }
  return {};
}

std::vector<pugi::xml_node> children(const pugi::xml_node& parent, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (auto node : parent.children()) {
    if (node.type() == pugi::node_element && local_name(node) == name) out.push_back(node);
  }
  return out;
}

pugi::xml_node insert_mpd_child(pugi::xml_node root, const char* name) {
  pugi::xml_node after;
  for (auto node : root.children()) {
    if (node.type() != pugi::node_element) continue;
    const auto local = local_name(node);
    if (local == "ProgramInformation" || local == "BaseURL" || (std::string_view(name) == "Location" && local == "Location")) {
      after = node;
    }
  }
  return after ? root.insert_child_after(name, after) : root.prepend_child(name);
}

std::optional<std::uint64_t> uint_attribute(const pugi::xml_node& node, const char* name) {
  const auto attribute = node.attribute(name);
  if (!attribute) return std::nullopt;
  const std::string_view text = attribute.value();
  std::uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<Ticks> duration_attribute(const pugi::xml_node& node, const char* name) {
  const auto attribute = node.attribute(name);
  return attribute ? parse_iso_duration(attribute.value()) : std::nullopt;
}

std::optional<std::int64_t> time_attribute(const pugi::xml_node& node, const char* name) {
  const auto attribute = node.attribute(name);
  return attribute ? parse_iso8601_ms(attribute.value()) : std::nullopt;
}

ContentKind content_kind(const pugi::xml_node& adaptation_set) {
  const std::string_view type = adaptation_set.attribute("contentType").value();
  if (type == "video") return ContentKind::kVideo;
  if (type == "audio") return ContentKind::kAudio;
  if (type == "text") return ContentKind::kText;
  if (!type.empty()) return ContentKind::kOther;
  const auto representation = child(adaptation_set, "Representation");
  std::string_view mime = adaptation_set.attribute("mimeType").value();
  if (mime.empty()) mime = representation.attribute("mimeType").value();
  std::string_view codecs = adaptation_set.attribute("codecs").value();
  if (codecs.empty()) codecs = representation.attribute("codecs").value();
  if (mime.starts_with("video/")) return ContentKind::kVideo;
  if (mime.starts_with("audio/")) return ContentKind::kAudio;
  if (mime.starts_with("text/") || mime == "application/ttml+xml" || codecs.starts_with("stpp") || codecs.starts_with("wvtt")) {
    return ContentKind::kText;
  }
  return representation.attribute("width") ? ContentKind::kVideo : ContentKind::kOther;
}

Ticks to_ticks(std::uint64_t value, std::uint64_t timescale) {
  if (timescale == 0) return Ticks{};
  // value * 90000 / timescale without overflow for 64-bit media times.
  const unsigned __int128 scaled = static_cast<unsigned __int128>(value) * 90000 + timescale / 2;
  // Clamped far below the int64 limit, so that sums of times never overflow.
  constexpr unsigned __int128 kMost = std::numeric_limits<std::int64_t>::max() / 8;
  return Ticks{static_cast<std::int64_t>(std::min(scaled / timescale, kMost))};
}

std::uint64_t from_ticks(Ticks ticks, std::uint64_t timescale) {
  if (ticks.count() <= 0) return 0;
  const unsigned __int128 scaled = static_cast<unsigned __int128>(ticks.count()) * timescale + 45000;
  return static_cast<std::uint64_t>(scaled / 90000);
}

namespace {

// Counts elements and depth without recursion (pugixml's traverse keeps its own stack),
// stopping at the first limit passed.
class ShapeWalker : public pugi::xml_tree_walker {
 public:
  explicit ShapeWalker(const MpdLimits& limits) : limits_(limits) {}
  bool for_each(pugi::xml_node& node) override {
    if (node.type() != pugi::node_element) return true;
    if (++elements_ > limits_.max_elements) {
      over_ = "more than " + std::to_string(limits_.max_elements) + " elements";
    } else if (static_cast<std::size_t>(depth()) + 1 > limits_.max_depth) {
      over_ = "elements nested deeper than " + std::to_string(limits_.max_depth);
    }
    return over_.empty();
  }
  [[nodiscard]] const std::string& over() const { return over_; }

 private:
  const MpdLimits& limits_;
  std::size_t elements_ = 0;
  std::string over_;
};

}  // namespace

Result<Mpd> Mpd::parse(std::string_view text, const MpdLimits& limits) {
  Mpd mpd;
  const auto parsed = mpd.doc_->load_buffer(text.data(), text.size(),
                                            pugi::parse_default | pugi::parse_declaration | pugi::parse_comments);
  if (!parsed) {
    return fail(Errc::kBadValue, std::string("not well-formed XML at offset ") + std::to_string(parsed.offset) + ": " +
                                     parsed.description());
  }
  if (local_name(mpd.root()) != "MPD") return fail(Errc::kNotAPlaylist, "the root element is not MPD");
  ShapeWalker shape(limits);
  if (!mpd.doc_->traverse(shape)) return fail(Errc::kBadValue, "MPD over the limits: " + shape.over());
  return mpd;
}

Mpd::Mpd(const Mpd& other) : doc_(std::make_unique<pugi::xml_document>()) { doc_->reset(*other.doc_); }

Mpd& Mpd::operator=(const Mpd& other) {
  if (this != &other) doc_->reset(*other.doc_);
  return *this;
}

namespace {

// pugixml's output appended to a string (an ostringstream would copy it once more).
class StringWriter final : public pugi::xml_writer {
 public:
  explicit StringWriter(std::string& out) : out_(out) {}
  void write(const void* data, std::size_t size) override { out_.append(static_cast<const char*>(data), size); }

 private:
  std::string& out_;
};

}  // namespace

std::string Mpd::write() const {
  std::string out;
  StringWriter writer(out);
  doc_->save(writer, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out;
}

bool Mpd::dynamic() const { return std::string_view(root().attribute("type").value()) == "dynamic"; }

std::optional<Ticks> Mpd::media_presentation_duration() const {
  return duration_attribute(root(), "mediaPresentationDuration");
}

std::vector<PeriodTiming> Mpd::periods() const {
  std::vector<PeriodTiming> out;
  for (auto node : children(root(), "Period")) {
    PeriodTiming timing{node, {}, duration_attribute(node, "duration")};
    if (auto start = duration_attribute(node, "start")) {
      timing.start = *start;
    } else if (!out.empty() && out.back().duration) {
      timing.start = out.back().start + *out.back().duration;
    }
    // The previous period ends where this one starts, when it did not say.
    if (!out.empty() && !out.back().duration && node.attribute("start")) out.back().duration = timing.start - out.back().start;
    out.push_back(timing);
  }
  if (!out.empty() && !out.back().duration && !dynamic()) {
    if (auto total = media_presentation_duration(); total && *total > out.back().start) {
      out.back().duration = *total - out.back().start;
    }
  }
  return out;
}

}  // namespace manifests::dash
