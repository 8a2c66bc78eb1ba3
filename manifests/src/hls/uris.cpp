#include "manifests/hls/uris.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "manifests/hls/attributes.hpp"

namespace manifests::hls {
namespace {

// Rewrites URI="..." inside one tag; tags without a URI attribute are left alone.
Result<void> resolve_tag(Tag& tag, std::string_view base, TextStore& text) {
  if (!tag.value || tag.value->find("URI=") == std::string_view::npos) return {};
  auto attributes = AttributeList::parse(*tag.value);
  if (!attributes) return {};  // not an attribute list: nothing we can rewrite safely
  auto uri = attributes->text("URI");
  if (!uri) return {};
  auto absolute = resolve_uri(base, *uri);
  if (!absolute) return fail(Errc::kBadValue, std::string(tag.name) + " has an invalid URI: " + *uri);
  if (*absolute == *uri) return {};
  attributes->set_quoted("URI", *absolute);
  tag.value = text.own(attributes->to_string());
  return {};
}

Result<void> resolve_tags(std::vector<Tag>& tags, std::string_view base, TextStore& text) {
  for (auto& tag : tags) {
    if (auto r = resolve_tag(tag, base, text); !r) return r;
  }
  return {};
}

bool carries_media(const Tag& tag) {
  return tag.name == kMap || tag.name == "#EXT-X-PART" || tag.name == "#EXT-X-PRELOAD-HINT";
}

void move_tag_uri(Tag& tag, std::string_view from, std::string_view to, TextStore& text) {
  if (!carries_media(tag) || !tag.value) return;
  auto attributes = AttributeList::parse(*tag.value);
  if (!attributes) return;
  auto uri = attributes->text("URI");
  if (!uri || !uri->starts_with(from)) return;
  attributes->set_quoted("URI", std::string(to) + uri->substr(from.size()));
  tag.value = text.own(attributes->to_string());
}

}  // namespace

void move_media_uris(MediaPlaylist& playlist, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (auto& segment : playlist.segments) {
    for (auto& tag : segment.tags) move_tag_uri(tag, from, to, playlist.text);
    if (segment.uri.starts_with(from)) {
      segment.uri = playlist.text.own(std::string(to) + std::string(segment.uri.substr(from.size())));
    }
  }
  for (auto& tag : playlist.trailing_tags) move_tag_uri(tag, from, to, playlist.text);
}

std::optional<std::string> resolve_uri(std::string_view base, std::string_view reference) {
  auto base_url = boost::urls::parse_uri(base);
  auto ref = boost::urls::parse_uri_reference(reference);
  if (!base_url || !ref) return std::nullopt;
  boost::urls::url out;
  if (auto r = boost::urls::resolve(*base_url, *ref, out); !r) return std::nullopt;
  return std::string(out.buffer());
}

Result<void> make_uris_absolute(MediaPlaylist& playlist, std::string_view base) {
  if (auto r = resolve_tags(playlist.header, base, playlist.text); !r) return r;
  for (auto& segment : playlist.segments) {
    if (auto r = resolve_tags(segment.tags, base, playlist.text); !r) return r;
    auto absolute = resolve_uri(base, segment.uri);
    if (!absolute) return fail(Errc::kBadValue, "invalid segment URI: " + std::string(segment.uri));
    if (*absolute != segment.uri) segment.uri = playlist.text.own(std::move(*absolute));
  }
  return resolve_tags(playlist.trailing_tags, base, playlist.text);
}

Result<void> make_uris_absolute(MasterPlaylist& playlist, std::string_view base) {
  for (auto& entry : playlist.entries) {
    if (auto r = resolve_tag(entry.tag, base, playlist.text); !r) return r;
    if (entry.uri.empty()) continue;
    auto absolute = resolve_uri(base, entry.uri);
    if (!absolute) return fail(Errc::kBadValue, "invalid variant URI: " + std::string(entry.uri));
    entry.uri = playlist.text.own(std::move(*absolute));
  }
  return {};
}

}  // namespace manifests::hls
