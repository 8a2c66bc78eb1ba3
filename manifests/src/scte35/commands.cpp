// splice_null, splice_schedule, splice_insert, time_signal, bandwidth_reservation and
// private_command (SCTE 35 section 9.7).
#include "decoding.hpp"

// GCC 12 reports the moved-from vector inside the command variant as "maybe
// uninitialized" (a known false positive with std::variant of vectors of optionals).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include "manifests/scte35/names.hpp"

namespace manifests::scte35::detail {

SpliceTime read_splice_time(BitReader& r) {
  SpliceTime t;
  t.time_specified_flag = r.flag();
  if (t.time_specified_flag) {
    r.skip(6);  // reserved
    t.pts_time = r.read(33);
  } else {
    r.skip(7);  // reserved
  }
  return t;
}

BreakDuration read_break_duration(BitReader& r) {
  BreakDuration d;
  d.auto_return = r.flag();
  r.skip(6);  // reserved
  d.duration = r.read(33);
  return d;
}

namespace {

SpliceInsert read_splice_insert(BitReader& r) {
  SpliceInsert s;
  s.splice_event_id = static_cast<std::uint32_t>(r.read(32));
  s.splice_event_cancel_indicator = r.flag();
  r.skip(7);  // event_id_compliance_flag (2022+) and reserved
  if (s.splice_event_cancel_indicator) return s;
  s.out_of_network_indicator = r.flag();
  s.program_splice_flag = r.flag();
  s.duration_flag = r.flag();
  s.splice_immediate_flag = r.flag();
  r.skip(4);  // reserved
  if (s.program_splice_flag && !s.splice_immediate_flag) s.splice_time = read_splice_time(r);
  if (!s.program_splice_flag) {
    const auto component_count = r.read(8);
    for (std::uint64_t i = 0; i < component_count && !r.overflowed(); ++i) {
      SpliceInsertComponent c;
      c.component_tag = static_cast<std::uint8_t>(r.read(8));
      if (!s.splice_immediate_flag) c.splice_time = read_splice_time(r);
      s.components.push_back(c);
    }
  }
  if (s.duration_flag) s.break_duration = read_break_duration(r);
  s.unique_program_id = static_cast<std::uint16_t>(r.read(16));
  s.avail_num = static_cast<std::uint8_t>(r.read(8));
  s.avails_expected = static_cast<std::uint8_t>(r.read(8));
  return s;
}

SpliceSchedule read_splice_schedule(BitReader& r) {
  SpliceSchedule schedule;
  const auto splice_count = r.read(8);
  for (std::uint64_t i = 0; i < splice_count && !r.overflowed(); ++i) {
    ScheduledEvent e;
    e.splice_event_id = static_cast<std::uint32_t>(r.read(32));
    e.splice_event_cancel_indicator = r.flag();
    r.skip(7);  // event_id_compliance_flag and reserved
    if (!e.splice_event_cancel_indicator) {
      e.out_of_network_indicator = r.flag();
      e.program_splice_flag = r.flag();
      e.duration_flag = r.flag();
      r.skip(5);  // reserved
      if (e.program_splice_flag) {
        e.utc_splice_time = static_cast<std::uint32_t>(r.read(32));
      } else {
        const auto component_count = r.read(8);
        for (std::uint64_t c = 0; c < component_count && !r.overflowed(); ++c) {
          ScheduleComponent component;
          component.component_tag = static_cast<std::uint8_t>(r.read(8));
          component.utc_splice_time = static_cast<std::uint32_t>(r.read(32));
          e.components.push_back(component);
        }
      }
      if (e.duration_flag) e.break_duration = read_break_duration(r);
      e.unique_program_id = static_cast<std::uint16_t>(r.read(16));
      e.avail_num = static_cast<std::uint8_t>(r.read(8));
      e.avails_expected = static_cast<std::uint8_t>(r.read(8));
    }
    schedule.events.push_back(std::move(e));
  }
  return schedule;
}

}  // namespace

Result<std::pair<SpliceCommand, std::size_t>> read_command(std::uint8_t type, std::span<const std::uint8_t> bytes,
                                                           std::size_t base) {
  BitReader r(bytes);
  auto done = [&](SpliceCommand command) -> Result<std::pair<SpliceCommand, std::size_t>> {
    if (r.overflowed()) return truncated(command_name(type), base + r.byte_offset());
    return std::pair<SpliceCommand, std::size_t>{std::move(command), r.byte_offset()};
  };
  switch (static_cast<SpliceCommandType>(type)) {
    case SpliceCommandType::kSpliceNull:
      return done(SpliceNull{});
    case SpliceCommandType::kSpliceSchedule:
      return done(read_splice_schedule(r));
    case SpliceCommandType::kSpliceInsert:
      return done(read_splice_insert(r));
    case SpliceCommandType::kTimeSignal:
      return done(TimeSignal{read_splice_time(r)});
    case SpliceCommandType::kBandwidthReservation:
      return done(BandwidthReservation{});
    case SpliceCommandType::kPrivateCommand: {
      PrivateCommand p;
      p.identifier = static_cast<std::uint32_t>(r.read(32));
      const auto rest = r.read_bytes(r.bytes_left());
      p.private_bytes.assign(rest.begin(), rest.end());
      return done(std::move(p));
    }
  }
  return fail(Errc::kBadValue, "splice_command_type " + std::to_string(type) + " at byte 13 is reserved");
}

}  // namespace manifests::scte35::detail
