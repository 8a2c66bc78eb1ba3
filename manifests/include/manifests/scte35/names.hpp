#pragma once
// Names from the SCTE 35 tables, for logs, JSON and ad-ops tools.
#include <cstdint>
#include <string_view>

namespace manifests::scte35 {

/// Table 22 (2023): "Provider Placement Opportunity Start", ...; "Reserved" otherwise.
[[nodiscard]] std::string_view segmentation_type_name(std::uint8_t segmentation_type_id);
/// Table 21: "Ad-ID", "EIDR", "MID", ...; "Reserved" otherwise.
[[nodiscard]] std::string_view upid_type_name(std::uint8_t segmentation_upid_type);
/// "splice_insert", "time_signal", ...; "reserved" otherwise.
[[nodiscard]] std::string_view command_name(std::uint8_t splice_command_type);

/// Segmentation types that start a break a stitcher fills (provider/distributor ad,
/// placement opportunity and break starts), and the matching ends.
[[nodiscard]] bool opens_break(std::uint8_t segmentation_type_id);
[[nodiscard]] bool closes_break(std::uint8_t segmentation_type_id);

/// Types whose descriptor carries sub_segment_num / sub_segments_expected.
[[nodiscard]] bool has_sub_segments(std::uint8_t segmentation_type_id);

}  // namespace manifests::scte35
