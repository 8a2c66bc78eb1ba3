// splice_descriptor()s (SCTE 35 section 10): avail, DTMF, segmentation, time, audio;
// private or reserved ones kept as bytes.
#include "decoding.hpp"
#include "manifests/scte35/names.hpp"

namespace manifests::scte35::detail {
namespace {

constexpr std::size_t kDescriptorHeaderBytes = 6;  // tag, length, identifier

SegmentationDescriptor read_segmentation_fields(BitReader& r, Result<Upid>& upid, std::size_t base) {
  SegmentationDescriptor d;
  d.segmentation_event_id = static_cast<std::uint32_t>(r.read(32));
  d.segmentation_event_cancel_indicator = r.flag();
  r.skip(7);  // segmentation_event_id_compliance_indicator and reserved
  if (d.segmentation_event_cancel_indicator) return d;
  d.program_segmentation_flag = r.flag();
  d.segmentation_duration_flag = r.flag();
  d.delivery_not_restricted_flag = r.flag();
  if (!d.delivery_not_restricted_flag) {
    d.web_delivery_allowed_flag = r.flag();
    d.no_regional_blackout_flag = r.flag();
    d.archive_allowed_flag = r.flag();
    d.device_restrictions = static_cast<std::uint8_t>(r.read(2));
  } else {
    r.skip(5);  // reserved
  }
  if (!d.program_segmentation_flag) {
    const auto component_count = r.read(8);
    for (std::uint64_t i = 0; i < component_count && !r.overflowed(); ++i) {
      SegmentationComponent c;
      c.component_tag = static_cast<std::uint8_t>(r.read(8));
      r.skip(7);  // reserved
      c.pts_offset = r.read(33);
      d.components.push_back(c);
    }
  }
  if (d.segmentation_duration_flag) d.segmentation_duration = r.read(40);
  const auto upid_type = static_cast<std::uint8_t>(r.read(8));
  const auto upid_length = static_cast<std::size_t>(r.read(8));
  const std::size_t upid_at = base + r.byte_offset();
  const auto upid_bytes = r.read_bytes(upid_length);
  if (!r.overflowed()) upid = read_upid(upid_type, upid_bytes, upid_at);
  d.segmentation_type_id = static_cast<std::uint8_t>(r.read(8));
  d.segment_num = static_cast<std::uint8_t>(r.read(8));
  d.segments_expected = static_cast<std::uint8_t>(r.read(8));
  // Encoders before the 2016 edition omit the sub-segment bytes even for the types that
  // carry them, and some write them for types that do not: descriptor_length decides.
  if (r.bytes_left() >= 2) {
    d.sub_segment_num = static_cast<std::uint8_t>(r.read(8));
    d.sub_segments_expected = static_cast<std::uint8_t>(r.read(8));
  }
  return d;
}

std::string read_chars(BitReader& r, std::size_t count) {
  const auto bytes = r.read_bytes(count);
  return std::string(bytes.begin(), bytes.end());
}

// One CUEI descriptor's body; the caller checks overflow and leftovers.
Result<SpliceDescriptor> read_cuei(std::uint8_t tag, BitReader& r, std::size_t base) {
  switch (tag) {
    case kAvailDescriptorTag:
      return AvailDescriptor{kCueIdentifier, static_cast<std::uint32_t>(r.read(32))};
    case kDtmfDescriptorTag: {
      DtmfDescriptor d;
      d.preroll = static_cast<std::uint8_t>(r.read(8));
      const auto count = static_cast<std::size_t>(r.read(3));
      r.skip(5);  // reserved
      d.dtmf_chars = read_chars(r, count);
      return d;
    }
    case kSegmentationDescriptorTag: {
      Result<Upid> upid = Upid{};
      auto d = read_segmentation_fields(r, upid, base);
      if (!upid) return tl::unexpected(upid.error());
      d.segmentation_upid = std::move(*upid);
      return d;
    }
    case kTimeDescriptorTag: {
      TimeDescriptor d;
      d.tai_seconds = r.read(48);
      d.tai_ns = static_cast<std::uint32_t>(r.read(32));
      d.utc_offset = static_cast<std::uint16_t>(r.read(16));
      return d;
    }
    case kAudioDescriptorTag: {
      AudioDescriptor d;
      const auto count = r.read(4);
      r.skip(4);  // reserved
      for (std::uint64_t i = 0; i < count && !r.overflowed(); ++i) {
        AudioComponent c;
        c.component_tag = static_cast<std::uint8_t>(r.read(8));
        c.iso_code = read_chars(r, 3);
        c.bit_stream_mode = static_cast<std::uint8_t>(r.read(3));
        c.num_channels = static_cast<std::uint8_t>(r.read(4));
        c.full_srvc_audio = r.flag();
        d.components.push_back(std::move(c));
      }
      return d;
    }
    default:
      return RawDescriptor{tag, kCueIdentifier, {}};  // filled by the caller
  }
}

const char* descriptor_name(std::uint8_t tag) {
  switch (tag) {
    case kAvailDescriptorTag: return "avail_descriptor";
    case kDtmfDescriptorTag: return "DTMF_descriptor";
    case kSegmentationDescriptorTag: return "segmentation_descriptor";
    case kTimeDescriptorTag: return "time_descriptor";
    case kAudioDescriptorTag: return "audio_descriptor";
    default: return "splice_descriptor";
  }
}

}  // namespace

Result<std::vector<SpliceDescriptor>> read_descriptors(std::span<const std::uint8_t> loop, std::size_t base) {
  std::vector<SpliceDescriptor> out;
  std::size_t pos = 0;
  while (pos < loop.size()) {
    if (loop.size() - pos < 2) return truncated("splice_descriptor header", base + pos);
    const std::uint8_t tag = loop[pos];
    const std::size_t length = loop[pos + 1];
    if (pos + 2 + length > loop.size()) {
      return fail(Errc::kTruncated, std::string(descriptor_name(tag)) + " descriptor_length " + std::to_string(length) +
                                        " at byte " + std::to_string(base + pos + 1) +
                                        " runs past the descriptor loop");
    }
    if (length < 4) {
      return fail(Errc::kBadValue, std::string(descriptor_name(tag)) + " descriptor_length " +
                                       std::to_string(length) + " at byte " + std::to_string(base + pos + 1) +
                                       " is shorter than its identifier");
    }
    const std::uint32_t identifier = (std::uint32_t{loop[pos + 2]} << 24) | (std::uint32_t{loop[pos + 3]} << 16) |
                                     (std::uint32_t{loop[pos + 4]} << 8) | loop[pos + 5];
    const auto body = loop.subspan(pos + kDescriptorHeaderBytes, length - 4);
    const std::size_t body_at = base + pos + kDescriptorHeaderBytes;
    if (identifier != kCueIdentifier || tag > kAudioDescriptorTag) {
      out.emplace_back(RawDescriptor{tag, identifier, {body.begin(), body.end()}});
    } else {
      BitReader r(body);
      auto descriptor = read_cuei(tag, r, body_at);
      if (!descriptor) return tl::unexpected(descriptor.error());
      if (r.overflowed()) return truncated(descriptor_name(tag), body_at + r.byte_offset());
      if (r.bytes_left() != 0) {
        return fail(Errc::kBadValue, std::string(descriptor_name(tag)) + " at byte " + std::to_string(base + pos) +
                                         ": descriptor_length " + std::to_string(length) + " leaves " +
                                         std::to_string(r.bytes_left()) + " bytes unread");
      }
      out.push_back(std::move(*descriptor));
    }
    pos += 2 + length;
  }
  return out;
}

}  // namespace manifests::scte35::detail
