#pragma once
// An origin MPD parsed once per version (OriginMedia::mpd): its BaseURLs anchored to the
// origin (or its CDN) and its cues found. Each request stitches a copy. Private to the
// service: public headers only pass it along (declared), so they do not bring in pugixml.
#include "manifests/avail.hpp"
#include "manifests/dash/mpd.hpp"

namespace ssai {

struct ParsedMpd {
  manifests::dash::Mpd mpd;
  manifests::CueReport cues;
};

}  // namespace ssai
