#pragma once
// Splits playlist text into lines, accepting LF and CRLF, and skipping blank lines.
#include <string_view>

namespace manifests::hls {

class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {}

  /// The next non-blank line, trimmed of trailing CR and spaces; false at the end.
  bool next(std::string_view& line) {
    while (pos_ < text_.size()) {
      const auto nl = text_.find('\n', pos_);
      const auto end = nl == std::string_view::npos ? text_.size() : nl;
      line = text_.substr(pos_, end - pos_);
      pos_ = end + 1;
      ++line_number_;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
        line.remove_suffix(1);
      while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
      if (!line.empty()) return true;
    }
    return false;
  }

  [[nodiscard]] int line_number() const { return line_number_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int line_number_ = 0;
};

}  // namespace manifests::hls
