#include "manifests/hls/live_ledger.hpp"

#include <algorithm>
#include <charconv>

namespace manifests::hls {
namespace {

// Format, one line each:  "L1 <media_sequence> <discontinuity_sequence> <target_duration> <first msn>"
// then per pin:           "P <break id> <word>"
// then per record:        "<entries> <discontinuities> <covered_after ticks> <r|-> <break id or ->"
constexpr std::string_view kMagic = "L1";

class Fields {
 public:
  explicit Fields(std::string_view line) : rest_(line) {}

  std::string_view word() {
    const auto space = rest_.find(' ');
    const auto word = rest_.substr(0, space);
    rest_ = space == std::string_view::npos ? std::string_view{} : rest_.substr(space + 1);
    return word;
  }

  template <class Int>
  bool number(Int& out) {
    const auto text = word();
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return !text.empty() && ec == std::errc{} && ptr == text.data() + text.size();
  }

  [[nodiscard]] bool done() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

}  // namespace

namespace {

// Appends `value` in decimal (no temporary string: a reload encodes dozens of numbers).
void append_number(std::string& out, std::int64_t value) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

}  // namespace

std::string LiveLedger::encode() const {
  std::string out;
  out.reserve(48 + records.size() * 24 + pins.size() * 32);
  out.append(kMagic).push_back(' ');
  append_number(out, media_sequence);
  out.push_back(' ');
  append_number(out, discontinuity_sequence);
  out.push_back(' ');
  append_number(out, target_duration);
  out.push_back(' ');
  append_number(out, records.empty() ? 0 : records.front().msn);
  out.push_back('\n');
  for (const auto& [id, word] : pins) out.append("P ").append(id).append(" ").append(word).push_back('\n');
  for (const auto& r : records) {
    append_number(out, r.entries);
    out.push_back(' ');
    append_number(out, r.discontinuities);
    out.push_back(' ');
    append_number(out, r.covered_after.count());
    out.append(r.resume ? " r " : " - ");
    out.append(r.break_id.empty() ? std::string_view("-") : std::string_view(r.break_id));
    out.push_back('\n');
  }
  return out;
}

Result<LiveLedger> LiveLedger::decode(std::string_view text) {
  auto bad = [](const std::string& why) { return fail(Errc::kBadValue, "live ledger: " + why); };
  LiveLedger ledger;
  ledger.records.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
  std::int64_t msn = 0;
  bool header = true;
  while (!text.empty()) {
    const auto newline = text.find('\n');
    if (newline == std::string_view::npos) return bad("unterminated line");
    const auto line = text.substr(0, newline);
    Fields fields(line);
    text.remove_prefix(newline + 1);
    if (header) {
      if (fields.word() != kMagic || !fields.number(ledger.media_sequence) ||
          !fields.number(ledger.discontinuity_sequence) || !fields.number(ledger.target_duration) ||
          !fields.number(msn) || !fields.done()) {
        return bad("bad header");
      }
      header = false;
      continue;
    }
    if (line.starts_with("P ")) {
      fields.word();
      const auto id = fields.word();
      const auto word = fields.word();
      if (id.empty() || word.empty() || !fields.done() || !ledger.records.empty()) return bad("bad pin");
      ledger.pins.emplace_back(std::string(id), std::string(word));
      continue;
    }
    LiveRecord record;
    record.msn = msn++;
    std::int64_t covered = 0;
    if (!fields.number(record.entries) || !fields.number(record.discontinuities) || !fields.number(covered)) {
      return bad("bad record " + std::to_string(ledger.records.size()));
    }
    record.covered_after = Ticks{covered};
    const auto resume = fields.word();
    const auto id = fields.word();
    if ((resume != "r" && resume != "-") || id.empty() || !fields.done() || record.discontinuities > record.entries) {
      return bad("bad record " + std::to_string(ledger.records.size()));
    }
    record.resume = resume == "r";
    if (id != "-") record.break_id = std::string(id);
    ledger.records.push_back(std::move(record));
  }
  if (header) return bad("empty");
  return ledger;
}

const std::string* LiveLedger::pin(std::string_view break_id) const {
  for (const auto& [id, word] : pins) {
    if (id == break_id) return &word;
  }
  return nullptr;
}


std::string LiveLedger::break_at(std::int64_t msn) const {
  if (records.empty() || msn < records.front().msn) return {};
  const auto index = static_cast<std::size_t>(msn - records.front().msn);
  return index < records.size() ? records[index].break_id : std::string{};
}

}  // namespace manifests::hls
