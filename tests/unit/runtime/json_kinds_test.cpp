// The json lines of the output kinds beyond maps and printf, and the string
// escaping they all share, as bpftrace v0.26 writes them.
#include <gtest/gtest.h>

#include "runtime/output/output.h"

namespace bpfsh::runtime::output {
namespace {

TEST(JsonKinds, TimeJoinSyscallCat) {
  EXPECT_EQ(render_json_time("13:02:24\n"), "{\"type\": \"time\", \"data\": \"13:02:24\\n\"}\n");
  EXPECT_EQ(render_json_join("/bin/echo,'A'"), "{\"type\": \"join\", \"data\": \"/bin/echo,'A'\"}\n");
  EXPECT_EQ(render_json_syscall("a b c\n"), "{\"type\": \"syscall\", \"data\": \"a b c\\n\"}\n");
  EXPECT_EQ(render_json_cat("Linux\n"), "{\"type\": \"cat\", \"data\": \"Linux\\n\"}\n");
}

TEST(JsonKinds, CountsCarryDataToo) {
  EXPECT_EQ(render_json_lost(372), "{\"type\": \"lost_events\", \"count\": 372, \"data\": {\"events\": 372}}\n");
  EXPECT_EQ(render_json_attached(1), "{\"type\": \"attached_probes\", \"count\": 1, \"data\": {\"probes\": 1}}\n");
  EXPECT_EQ(render_json_lost_total(9), "{\"type\": \"total_lost_events\", \"count\": 9, \"data\": {\"events\": 9}}\n");
  EXPECT_EQ(lost_total_text(9), "Total lost event count: 9");
}

TEST(JsonKinds, HelperError) {
  RuntimeMessage m;
  m.kind = RuntimeMessage::Kind::HelperError;
  m.msg = "Bad address";
  m.helper = "probe_read";
  m.retcode = -14;
  m.filename = "stdin";
  m.line = 1;
  m.col = 37;
  EXPECT_EQ(render_json_message(m),
            "{\"type\": \"helper_error\", \"msg\": \"Bad address\", \"helper\": \"probe_read\", \"retcode\": -14, "
            "\"filename\": \"stdin\", \"line\": 1, \"col\": 37}\n");
}

TEST(JsonKinds, ErrorfWarnf) {
  RuntimeMessage m;
  m.kind = RuntimeMessage::Kind::Warnf;
  m.msg = "x is 5";
  m.filename = "a.bt";
  m.line = 3;
  m.col = 9;
  EXPECT_EQ(render_json_message(m),
            "{\"type\": \"warnf\", \"msg\": \"x is 5\", \"filename\": \"a.bt\", \"line\": 3, \"col\": 9}\n");
  m.kind = RuntimeMessage::Kind::Errorf;
  EXPECT_EQ(render_json_message(m),
            "{\"type\": \"errorf\", \"msg\": \"x is 5\", \"filename\": \"a.bt\", \"line\": 3, \"col\": 9}\n");
}

TEST(JsonQuote, EscapesAsBpftrace) {
  EXPECT_EQ(json_quote("test \r \n \t \\ \" bar"), "\"test \\r \\n \\t \\\\ \\\" bar\"");
  // Other control bytes as \u00XX, backspace and form feed included.
  EXPECT_EQ(json_quote(std::string("\b\f\x01\x1f", 4)), "\"\\u0008\\u000c\\u0001\\u001f\"");
  EXPECT_EQ(json_quote(std::string("a\0b", 3)), "\"a\\u0000b\"");
}

TEST(JsonQuote, Utf8KeptInvalidBytesReplaced) {
  EXPECT_EQ(json_quote("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x9d"), "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x9d\"");
  EXPECT_EQ(json_quote("a\xff" "b"), "\"a\xef\xbf\xbd" "b\"");
  EXPECT_EQ(json_quote("\xc3"), "\"\xef\xbf\xbd\"");               // cut short
  EXPECT_EQ(json_quote("\xc0\xaf"), "\"\xef\xbf\xbd\xef\xbf\xbd\"");  // overlong
  EXPECT_EQ(json_quote("\xed\xa0\x80"), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");  // surrogate
}

TEST(JsonKinds, AvgMapsAreStats) {
  artifact::MapSpec s;
  s.name = "@a";
  s.agg = artifact::AggKind::Avg;
  MapView m{&s, {MapEntry{Value::of_str("x"), AggValue{{}, 30, 2, {}}}}};
  EXPECT_EQ(render_json_map(m), "{\"type\": \"stats\", \"data\": {\"@a\": {\"x\": 15}}}\n");
}

}  // namespace
}  // namespace bpfsh::runtime::output
