// The Artifact through JSON and back: every field of every spec survives,
// and one added to artifact/ without a line in artifact_io/json.cpp fails
// the size checks below.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>

#include "artifact_io/json.h"

namespace bpfsh {
namespace {

using namespace artifact;

Layout int_layout(uint32_t at) {
  Layout l;
  l.kind = Layout::Kind::Int;
  l.hex = true;
  l.enumerators = {{1, "ONE"}, {2, "TWO"}};
  l.name = "member";
  l.offset = at;
  l.bit_offset = 3;
  l.bit_size = 5;
  l.count = 7;
  l.stack_mode = StackMode::Perf;
  l.stack_limit = 9;
  l.dwarf = true;
  l.is_signed = true;
  l.size = 8;
  l.trunc_len = 11;
  l.trailer = "..";
  l.time_format = "%H";
  l.lookup = "strerror";
  l.lookup_arg = "unified";
  return l;
}

Layout record_layout() {
  Layout r = int_layout(0);
  r.kind = Layout::Kind::Record;
  r.elems = {int_layout(0), int_layout(8)};
  r.elems[1].elems = {int_layout(16)};  // nested twice
  return r;
}

ProbeSpec probe() {
  ProbeSpec p{.prog_name = "p0", .type = ProbeKind::Usdt, .display = "usdt:/bin/x:p:n", .target = "/bin/x",
              .func = "n", .offset = 1, .period_ns = 2, .freq_hz = 3, .perf_type = 4, .perf_config = 5,
              .sample_period = 6, .address = 7, .length = 8, .mode = "rw", .ref_ctr_offset = 9, .signal = 10,
              .pid = 11, .place = {1, 2, 3, 4}, .insn_sources = {}};
  p.insn_sources.push_back({.insn = 12, .stmt = {5, 6, 7, 8}, .loop = {9, 10, 11, 12}, .loop_kind = "while"});
  return p;
}

MapSpec map() {
  return MapSpec{.name = "@x", .elf_name = "m0", .key = record_layout(), .value = int_layout(0),
                 .agg = AggKind::Tseries, .percpu = true, .array = true, .key_size = 16, .value_size = 32,
                 .max_entries = 100, .value_signed = true, .lhist_min = -1, .lhist_max = 2, .lhist_step = 3,
                 .hist_bits = 2, .tseries_interval = 1000, .tseries_num = 5, .tseries_agg = TseriesAgg::Max};
}

FormatSpec format() {
  FormatSpec f{.fmt = "%d %gr\n", .args = {{int_layout(0), 8}}, .gfp_names = {{0x10, "__GFP_IO"}},
               .level = FormatSpec::Level::Error, .site = 2};
  return f;
}

// Every field given a value other than its default.
Artifact full_artifact() {
  Artifact a;
  a.ringbuf_name = "ev";
  a.perf_buffer_pages = 8;
  a.probes = {probe(), probe()};
  a.maps = {map()};
  a.formats = {format()};
  a.values = {record_layout()};
  a.stack_maps = {{"stack_127", 127}};
  a.settings = {.print_maps_on_exit = false,
                .max_cat_bytes = 5,
                .missing_probes = RunSettings::MissingProbes::Warn,
                .show_debug_info = true};
  a.time_formats = {"%H:%M"};
  a.joins = {{.sep = ",", .max_args = 4, .arg_size = 64}};
  a.sites = {{1, 2, 3, 4, "probe_read"}};
  a.options = {{.name = "n", .kind = OptionSpec::Kind::Int, .default_text = "5", .description = "how many"}};
  a.captures = {{.path = "x.pcap", .link_type = CaptureSpec::RawIp, .snaplen = 128}};
  a.lost_name = "lost";
  a.map_full_name = "full";
  a.map_full_sites = {0, 3};
  a.ir_instructions = 42;
  a.source_name = "x.bt";
  a.source_text = "BEGIN { printf(\"\\\"é\\n\"); }\n";
  return a;
}

// The artifact types have no operator==: two are the same when they write
// the same JSON, which is every field while each is written (the key lists
// of EveryFieldIsWritten) and none is added unwritten (the sizes below).
std::string described(const Artifact &a) { return nlohmann::json::parse(artifact_io::to_json(a))["artifact"].dump(2); }

TEST(ArtifactJson, EveryFieldSurvivesTheRoundTrip) {
  Artifact a = full_artifact();
  artifact_io::CompiledWith with{{"1", "--n=5"}, 123};
  auto back = artifact_io::from_json(artifact_io::to_json(a, with));
  ASSERT_TRUE(back) << back.error();
  EXPECT_TRUE(back->artifact.elf.empty());  // the object file is the ELF
  EXPECT_EQ(described(back->artifact), described(a));
  EXPECT_EQ(back->with, with);
}

// Every value full_artifact() gives shows in the JSON: a field the list
// leaves out, or one read into another, would not survive with its value.
TEST(ArtifactJson, TheValuesAreThereAsGiven) {
  auto j = nlohmann::json::parse(artifact_io::to_json(full_artifact()))["artifact"];
  EXPECT_EQ(j["probes"][0]["insn_sources"][0]["loop_kind"], "while");
  EXPECT_EQ(j["maps"][0]["key"]["elems"][1]["elems"][0]["offset"], 16);
  EXPECT_EQ(j["maps"][0]["tseries_agg"], int(TseriesAgg::Max));
  EXPECT_EQ(j["formats"][0]["gfp_names"][0]["name"], "__GFP_IO");
  EXPECT_EQ(j["settings"]["missing_probes"], int(RunSettings::MissingProbes::Warn));
  EXPECT_EQ(j["source_text"], full_artifact().source_text);
  EXPECT_FALSE(j.contains("elf"));
}

std::set<std::string> keys(const nlohmann::json &j) {
  std::set<std::string> out;
  for (auto it = j.begin(); it != j.end(); ++it) out.insert(it.key());
  return out;
}

// Each type's fields, written here apart from json.cpp's lists: a field
// dropped from one of those fails here.
TEST(ArtifactJson, EveryFieldIsWritten) {
  auto j = nlohmann::json::parse(artifact_io::to_json(full_artifact(), {{"1"}, 2}));
  using S = std::set<std::string>;
  auto a = j["artifact"];
  EXPECT_EQ(keys(j["compiled_with"]), (S{"script_args", "pid"}));
  EXPECT_EQ(keys(a), (S{"ringbuf_name", "perf_buffer_pages", "probes", "maps", "formats", "values", "stack_maps",
                        "settings", "time_formats", "joins", "sites", "options", "captures", "lost_name", "map_full_name",
                        "map_full_sites", "ir_instructions", "source_name", "source_text"}));
  EXPECT_EQ(keys(a["values"][0]), (S{"kind", "hex", "enumerators", "name", "offset", "bit_offset", "bit_size",
                                     "count", "stack_mode", "stack_limit", "dwarf", "is_signed", "size", "trunc_len",
                                     "trailer", "time_format", "lookup", "lookup_arg", "elems"}));
  EXPECT_EQ(keys(a["probes"][0]), (S{"prog_name", "type", "display", "target", "func", "offset", "period_ns",
                                     "freq_hz", "perf_type", "perf_config", "sample_period", "address", "length",
                                     "mode", "ref_ctr_offset", "signal", "pid", "place", "insn_sources"}));
  EXPECT_EQ(keys(a["probes"][0]["place"]), (S{"line", "col", "end_line", "end_col"}));
  EXPECT_EQ(keys(a["probes"][0]["insn_sources"][0]), (S{"insn", "stmt", "loop", "loop_kind"}));
  EXPECT_EQ(keys(a["maps"][0]), (S{"name", "elf_name", "key", "value", "agg", "percpu", "array", "key_size",
                                   "value_size", "max_entries", "value_signed", "lhist_min", "lhist_max",
                                   "lhist_step", "hist_bits", "tseries_interval", "tseries_num", "tseries_agg"}));
  EXPECT_EQ(keys(a["stack_maps"][0]), (S{"elf_name", "limit", "build_id"}));
  EXPECT_EQ(keys(a["sites"][0]), (S{"line", "col", "end_line", "end_col", "helper"}));
  EXPECT_EQ(keys(a["joins"][0]), (S{"sep", "max_args", "arg_size"}));
  EXPECT_EQ(keys(a["formats"][0]), (S{"fmt", "args", "gfp_names", "level", "site"}));
  EXPECT_EQ(keys(a["formats"][0]["args"][0]), (S{"layout", "offset"}));
  EXPECT_EQ(keys(a["formats"][0]["gfp_names"][0]), (S{"mask", "name"}));
  EXPECT_EQ(keys(a["options"][0]), (S{"name", "kind", "default_text", "description"}));
  EXPECT_EQ(keys(a["settings"]), (S{"print_maps_on_exit", "max_cat_bytes", "missing_probes", "show_debug_info"}));
  EXPECT_EQ(keys(a["captures"][0]), (S{"path", "link_type", "snaplen"}));
}

TEST(ArtifactJson, TheDefaultsSurviveToo) {
  Artifact a;
  a.probes.emplace_back();
  a.maps.emplace_back();
  auto back = artifact_io::from_json(artifact_io::to_json(a));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(described(back->artifact), described(a));
  EXPECT_EQ(back->with, artifact_io::CompiledWith{});
}

// A field added to one of these types must be serialized (json.cpp) and the
// format version bumped (json.h); then update its size here.
TEST(ArtifactJson, NoFieldIsForgotten) {
  EXPECT_EQ(sizeof(Layout), 256u) << "a field was added to artifact::Layout";
  EXPECT_EQ(sizeof(SourceSpan), 16u) << "a field was added to artifact::SourceSpan";
  EXPECT_EQ(sizeof(InsnSource), 72u) << "a field was added to artifact::InsnSource";
  EXPECT_EQ(sizeof(ProbeSpec), 296u) << "a field was added to artifact::ProbeSpec";
  EXPECT_EQ(sizeof(MapSpec), 648u) << "a field was added to artifact::MapSpec";
  EXPECT_EQ(sizeof(StackMapSpec), 40u) << "a field was added to artifact::StackMapSpec";
  EXPECT_EQ(sizeof(SiteSpec), 48u) << "a field was added to artifact::SiteSpec";
  EXPECT_EQ(sizeof(JoinSpec), 40u) << "a field was added to artifact::JoinSpec";
  EXPECT_EQ(sizeof(FormatArg), 264u) << "a field was added to artifact::FormatArg";
  EXPECT_EQ(sizeof(FlagName), 40u) << "a field was added to artifact::FlagName";
  EXPECT_EQ(sizeof(FormatSpec), 88u) << "a field was added to artifact::FormatSpec";
  EXPECT_EQ(sizeof(OptionSpec), 104u) << "a field was added to artifact::OptionSpec";
  EXPECT_EQ(sizeof(RunSettings), 24u) << "a field was added to artifact::RunSettings";
  EXPECT_EQ(sizeof(CaptureSpec), 40u) << "a field was added to artifact::CaptureSpec";
  EXPECT_EQ(sizeof(Artifact), 488u) << "a field was added to artifact::Artifact";
}

TEST(ArtifactJson, AnotherVersionIsRefused) {
  auto j = nlohmann::json::parse(artifact_io::to_json(full_artifact()));
  j["version"] = artifact_io::kFormatVersion + 1;
  auto back = artifact_io::from_json(j.dump());
  ASSERT_FALSE(back);
  EXPECT_NE(back.error().find("format version " + std::to_string(artifact_io::kFormatVersion + 1)), std::string::npos)
      << back.error();
}

TEST(ArtifactJson, TextThatIsNotADescriptionIsRefused) {
  EXPECT_FALSE(artifact_io::from_json("not json"));
  EXPECT_FALSE(artifact_io::from_json("{\"format\": \"other\", \"version\": 1}"));
  auto j = nlohmann::json::parse(artifact_io::to_json(full_artifact()));
  j["artifact"].erase("maps");
  auto back = artifact_io::from_json(j.dump());
  ASSERT_FALSE(back);
  EXPECT_NE(back.error().find("damaged"), std::string::npos) << back.error();
}

}  // namespace
}  // namespace bpfsh
