#include "vast/macros.hpp"

#include <catch2/catch.hpp>

TEST_CASE("known macros are filled and percent-encoded, unknown ones stay") {
  vast::MacroValues values;
  values.set("ERRORCODE", "303").set("TIMESTAMP", "2026-11-25T14:00:00.000Z").set("CLIENTUA", "Mozilla/5.0 (X11)");
  CHECK(vast::expand_macros("http://e/?c=[ERRORCODE]&t=[TIMESTAMP]&ua=[CLIENTUA]&x=[UNKNOWN]&y=%%OTHER%%", values) ==
        "http://e/?c=303&t=2026-11-25T14%3A00%3A00.000Z&ua=Mozilla%2F5.0%20%28X11%29&x=[UNKNOWN]&y=%%OTHER%%");
  values.set("ERRORCODE", "100");  // set again: replaced
  CHECK(vast::expand_macros("[ERRORCODE][ERRORCODE]", values) == "100100");
  CHECK(vast::expand_macros("http://e/?a=[unterminated", values) == "http://e/?a=[unterminated");
  CHECK(vast::expand_macros("", values).empty());
}

TEST_CASE("percent-encoding keeps only RFC 3986 unreserved characters") {
  CHECK(vast::percent_encode("a b&c=d/\xC3\xA9-_.~") == "a%20b%26c%3Dd%2F%C3%A9-_.~");
}

TEST_CASE("macros: a bracket that opens no macro name is kept, and macros after it still filled") {
  vast::MacroValues values;
  values.set("ADCOUNT", "2");
  CHECK(vast::expand_macros("http://e/?a=[1,[ADCOUNT]]", values) == "http://e/?a=[1,2]");
  CHECK(vast::expand_macros(R"({"urls":["http://e/?n=[ADCOUNT]"],"x":[]})", values) == R"({"urls":["http://e/?n=2"],"x":[]})");
  CHECK(vast::expand_macros("[adcount] [ADCOUNT", values) == "[adcount] [ADCOUNT");
}
