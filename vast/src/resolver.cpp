#include "vast/resolver.hpp"

#include <algorithm>

#include "vast/parser.hpp"

namespace vast {
namespace {

ErrorCode code_for(Errc errc) { return static_cast<ErrorCode>(vast_error_code(errc)); }

std::vector<std::string> error_uris(const std::vector<Ad>& chain) {
  std::vector<std::string> out;
  for (const auto& ad : chain) out.insert(out.end(), ad.errors.begin(), ad.errors.end());
  return out;
}

template <class T>
void prepend(std::vector<T>& target, const std::vector<T>& from) {
  target.insert(target.begin(), from.begin(), from.end());
}

}  // namespace

Ad merge_chain(const std::vector<Ad>& chain) {
  Ad merged = chain.back();
  // Walk the wrappers innermost first, each prepending: the outermost ends up first.
  for (auto it = chain.rbegin() + 1; it != chain.rend(); ++it) {
    const Ad& wrapper = *it;
    prepend(merged.impressions, wrapper.impressions);
    prepend(merged.errors, wrapper.errors);
    prepend(merged.ad_verifications, wrapper.ad_verifications);
    for (const auto& creative : wrapper.creatives) {
      for (auto& target : merged.creatives) {
        if (creative.linear && target.linear) {
          prepend(target.linear->tracking_events, creative.linear->tracking_events);
          prepend(target.linear->video_clicks.click_tracking, creative.linear->video_clicks.click_tracking);
        }
        if (creative.non_linear_ads && target.non_linear_ads) {
          prepend(target.non_linear_ads->tracking_events, creative.non_linear_ads->tracking_events);
        }
        if (creative.companion_ads && target.companion_ads) {
          for (auto& companion : target.companion_ads->companions) {
            for (const auto& wrapper_companion : creative.companion_ads->companions) {
              prepend(companion.tracking_events, wrapper_companion.tracking_events);
            }
          }
        }
      }
    }
  }
  return merged;
}

std::vector<Ad> buffet_of(const Document& document) {
  const bool has_pod = std::any_of(document.ads.begin(), document.ads.end(), [](const Ad& ad) { return ad.sequence.has_value(); });
  std::vector<Ad> out;
  if (!has_pod) return out;
  for (const auto& ad : document.ads) {
    if (!ad.sequence) out.push_back(ad);
  }
  return out;
}

Resolver::Resolver(std::vector<Ad> ads, ResolverLimits limits, std::vector<Ad> buffet)
    : limits_(limits), buffet_(std::move(buffet)) {
  for (std::size_t i = 0; i < ads.size(); ++i) {
    Node node;
    node.chain.push_back(std::move(ads[i]));
    node.slot = i;
    place(std::move(node));
  }
}

void Resolver::place(Node node) {
  const Ad& last = node.chain.back();
  if (!last.is_wrapper) {
    node.state = Node::State::kResolved;
  } else if (node.depth >= limits_.max_depth) {
    fail(node, ErrorCode::kWrapperLimit, "wrapper depth limit of " + std::to_string(limits_.max_depth) + " reached");
  } else if (std::find(node.visited.begin(), node.visited.end(), *last.vast_ad_tag_uri) != node.visited.end()) {
    fail(node, ErrorCode::kWrapperLimit, "wrapper loop: " + *last.vast_ad_tag_uri + " was already followed");
  } else if (node.chain.size() > 1 && !node.chain[node.chain.size() - 2].follow_additional_wrappers) {
    fail(node, ErrorCode::kWrapperLimit, "a wrapper with followAdditionalWrappers=\"false\" led to another wrapper");
  } else {
    node.state = Node::State::kPending;
  }
  nodes_.push_back(std::move(node));
}

void Resolver::fail(Node& node, ErrorCode code, std::string reason) {
  node.state = Node::State::kFailed;
  errors_.push_back({code, std::move(reason), node.chain.front().id, error_uris(node.chain)});
}

std::vector<FetchRequest> Resolver::requests() {
  std::vector<FetchRequest> out;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    auto& node = nodes_[i];
    if (node.state != Node::State::kPending) continue;
    if (requests_made_ >= limits_.max_requests) {
      fail(node, ErrorCode::kWrapperLimit, "more than " + std::to_string(limits_.max_requests) +
                                               " wrapper requests for one response");
      continue;
    }
    ++requests_made_;
    node.state = Node::State::kFetching;
    out.push_back({i, *node.chain.back().vast_ad_tag_uri, node.depth + 1});
  }
  return out;
}

void Resolver::on_response(std::size_t id, std::string_view body) {
  if (id >= nodes_.size() || nodes_[id].state != Node::State::kFetching) return;
  Node node = nodes_[id];
  const std::string url = *node.chain.back().vast_ad_tag_uri;
  Hop hop{id, url, node.depth + 1, false, {}, 0, {}, 0};
  auto document = parse(body, limits_.document);
  if (!document) {
    hop.error = document.error().detail;
    hops_.push_back(hop);
    fail(nodes_[id], code_for(document.error().code), "wrapper target " + url + ": " + document.error().detail);
    return;
  }
  hop.vast_version = document->version;
  for (const auto& issue : document->issues) {
    if (!issue.dropped) continue;
    auto uris = error_uris(node.chain);
    uris.insert(uris.end(), issue.error_uris.begin(), issue.error_uris.end());
    errors_.push_back({static_cast<ErrorCode>(issue.vast_error), issue.reason, issue.ad_id, std::move(uris)});
  }
  auto ads = select_pod(*document);
  const Ad& wrapper = node.chain.back();
  if (!wrapper.allow_multiple_ads && ads.size() > 1) ads.resize(1);
  hop.ads = ads.size();
  hop.ok = !ads.empty();
  if (ads.empty()) {
    hop.error = "no ads";
    hops_.push_back(hop);
    auto& failed = nodes_[id];
    fail(failed, ErrorCode::kWrapperNoAds, "wrapper target " + url + " has no ads");
    // The target's own root Error URIs hear about it too.
    errors_.back().error_uris.insert(errors_.back().error_uris.end(), document->errors.begin(), document->errors.end());
    if (node.chain.front().fallback_on_no_ad) fall_back(node.slot);
    return;
  }
  hops_.push_back(hop);
  nodes_[id].state = Node::State::kResolved;  // replaced by its children below
  nodes_[id].chain.clear();
  node.visited.push_back(url);
  for (std::size_t i = 0; i < ads.size(); ++i) {
    Node child = node;
    child.chain.push_back(*ads[i]);
    child.depth = node.depth + 1;
    child.order.push_back(i);
    place(std::move(child));
  }
}

void Resolver::fall_back(std::size_t slot) {
  if (buffet_.empty()) return;
  Node node;
  node.chain.push_back(std::move(buffet_.front()));
  buffet_.erase(buffet_.begin());
  node.slot = slot;
  place(std::move(node));
}

void Resolver::on_failure(std::size_t id, ErrorCode code, std::string reason) {
  if (id >= nodes_.size() || nodes_[id].state != Node::State::kFetching) return;
  auto& node = nodes_[id];
  hops_.push_back({id, *node.chain.back().vast_ad_tag_uri, node.depth + 1, false, {}, 0, reason, 0});
  fail(node, code, std::move(reason));
}

void Resolver::abandon(std::string reason) {
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].state == Node::State::kFetching || nodes_[i].state == Node::State::kPending) {
      on_failure(i, ErrorCode::kWrapperTimeout, reason);
      if (nodes_[i].state == Node::State::kPending) fail(nodes_[i], ErrorCode::kWrapperTimeout, reason);
    }
  }
}

bool Resolver::finished() const {
  return std::none_of(nodes_.begin(), nodes_.end(), [](const Node& n) {
    return n.state == Node::State::kPending || n.state == Node::State::kFetching;
  });
}

Resolution Resolver::take() && {
  // Pod order: by the slot of the top-level ad, then by position in each wrapper response.
  std::vector<const Node*> resolved;
  for (const auto& node : nodes_) {
    if (node.state == Node::State::kResolved && !node.chain.empty()) resolved.push_back(&node);
  }
  std::stable_sort(resolved.begin(), resolved.end(), [](const Node* a, const Node* b) {
    return a->slot != b->slot ? a->slot < b->slot : a->order < b->order;
  });
  Resolution out;
  for (const Node* node : resolved) out.ads.push_back(merge_chain(node->chain));
  out.buffet = std::move(buffet_);
  out.errors = std::move(errors_);
  out.hops = std::move(hops_);
  return out;
}

}  // namespace vast
