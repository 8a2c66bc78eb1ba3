#include "manifests/scte35/names.hpp"

namespace manifests::scte35 {

std::string_view segmentation_type_name(std::uint8_t id) {
  switch (id) {
    case 0x00: return "Not Indicated";
    case 0x01: return "Content Identification";
    case 0x02: return "Private";
    case 0x10: return "Program Start";
    case 0x11: return "Program End";
    case 0x12: return "Program Early Termination";
    case 0x13: return "Program Breakaway";
    case 0x14: return "Program Resumption";
    case 0x15: return "Program Runover Planned";
    case 0x16: return "Program Runover Unplanned";
    case 0x17: return "Program Overlap Start";
    case 0x18: return "Program Blackout Override";
    case 0x19: return "Program Join";
    case 0x20: return "Chapter Start";
    case 0x21: return "Chapter End";
    case 0x22: return "Break Start";
    case 0x23: return "Break End";
    case 0x24: return "Opening Credit Start";
    case 0x25: return "Opening Credit End";
    case 0x26: return "Closing Credit Start";
    case 0x27: return "Closing Credit End";
    case 0x30: return "Provider Advertisement Start";
    case 0x31: return "Provider Advertisement End";
    case 0x32: return "Distributor Advertisement Start";
    case 0x33: return "Distributor Advertisement End";
    case 0x34: return "Provider Placement Opportunity Start";
    case 0x35: return "Provider Placement Opportunity End";
    case 0x36: return "Distributor Placement Opportunity Start";
    case 0x37: return "Distributor Placement Opportunity End";
    case 0x38: return "Provider Overlay Placement Opportunity Start";
    case 0x39: return "Provider Overlay Placement Opportunity End";
    case 0x3A: return "Distributor Overlay Placement Opportunity Start";
    case 0x3B: return "Distributor Overlay Placement Opportunity End";
    case 0x3C: return "Provider Promo Start";
    case 0x3D: return "Provider Promo End";
    case 0x3E: return "Distributor Promo Start";
    case 0x3F: return "Distributor Promo End";
    case 0x40: return "Unscheduled Event Start";
    case 0x41: return "Unscheduled Event End";
    case 0x42: return "Alternate Content Opportunity Start";
    case 0x43: return "Alternate Content Opportunity End";
    case 0x44: return "Provider Ad Block Start";
    case 0x45: return "Provider Ad Block End";
    case 0x46: return "Distributor Ad Block Start";
    case 0x47: return "Distributor Ad Block End";
    case 0x50: return "Network Start";
    case 0x51: return "Network End";
    default: return "Reserved";
  }
}

std::string_view upid_type_name(std::uint8_t type) {
  switch (type) {
    case 0x00: return "Not Used";
    case 0x01: return "User Defined";
    case 0x02: return "ISCI";
    case 0x03: return "Ad-ID";
    case 0x04: return "UMID";
    case 0x05: return "ISAN (deprecated)";
    case 0x06: return "ISAN";
    case 0x07: return "TID";
    case 0x08: return "TI";
    case 0x09: return "ADI";
    case 0x0A: return "EIDR";
    case 0x0B: return "ATSC Content Identifier";
    case 0x0C: return "MPU";
    case 0x0D: return "MID";
    case 0x0E: return "ADS Information";
    case 0x0F: return "URI";
    case 0x10: return "UUID";
    case 0x11: return "SCR";
    default: return "Reserved";
  }
}

std::string_view command_name(std::uint8_t type) {
  switch (type) {
    case 0x00: return "splice_null";
    case 0x04: return "splice_schedule";
    case 0x05: return "splice_insert";
    case 0x06: return "time_signal";
    case 0x07: return "bandwidth_reservation";
    case 0xFF: return "private_command";
    default: return "reserved";
  }
}

bool opens_break(std::uint8_t id) {
  return id == 0x22 || id == 0x30 || id == 0x32 || id == 0x34 || id == 0x36 || id == 0x44 || id == 0x46;
}

bool closes_break(std::uint8_t id) {
  return id == 0x23 || id == 0x31 || id == 0x33 || id == 0x35 || id == 0x37 || id == 0x45 || id == 0x47;
}

bool has_sub_segments(std::uint8_t id) {
  return id == 0x34 || id == 0x36 || id == 0x38 || id == 0x3A || id == 0x44 || id == 0x46;
}

}  // namespace manifests::scte35
