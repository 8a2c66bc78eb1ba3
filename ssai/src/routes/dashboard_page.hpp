#pragma once
// The built-in dashboard page (ssai/web/dashboard.html), compiled into the binary so
// that `ssai serve` needs no web directory.
#include <string_view>

namespace ssai {

[[nodiscard]] std::string_view dashboard_page();

}  // namespace ssai
