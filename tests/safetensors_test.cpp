#include "host/common/safetensors.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "host/common/input_error.h"
#include "tests/test_util.h"

namespace cinerec {
namespace {

namespace fs = std::filesystem;

::testing::AssertionResult contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" lacks \"" << part << "\"";
}

template <class T>
TensorView view(std::string name, std::string dtype, std::vector<size_t> shape,
                const std::vector<T>& values) {
  return {std::move(name), std::move(dtype), std::move(shape), std::as_bytes(std::span(values))};
}

template <class T>
std::vector<T> to_vector(std::span<const T> s) {
  return {s.begin(), s.end()};
}

// A file with `header` as its JSON (no padding) and `data` as its data section.
std::string raw_file(std::string_view header, std::string_view data) {
  std::string out;
  for (size_t i = 0; i < 8; ++i)
    out.push_back(static_cast<char>((header.size() >> (8 * i)) & 0xFF));
  return out.append(header).append(data);
}

size_t entries(const fs::path& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
    ++n;
  return n;
}

// Message of the error thrown by `fn`; fails the test if nothing of type E is thrown.
template <class E, class F>
std::string error_of(F&& fn) {
  try {
    fn();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "no exception thrown";
  return "";
}

std::string load_error(const fs::path& path) {
  return error_of<std::runtime_error>([&] { SafetensorsFile file(path); });
}

const std::vector<float> kWeights{1.5f, -2.f, 3.25f, 0.f, 4.f, -0.5f};
const std::vector<int64_t> kIds{7, -8, 9'000'000'000, 0};
const std::vector<double> kScalar{2.5};
const std::vector<float> kNothing{};
const std::vector<uint8_t> kFlags{1, 0, 255};

std::vector<TensorView> sample_tensors() {
  return {view("weights", "F32", {2, 3}, kWeights), view("ids", "I64", {4}, kIds),
          view("scale", "F64", {}, kScalar), view("empty", "F32", {0, 5}, kNothing),
          view("a_flags", "U8", {3}, kFlags)};
}

TEST(Safetensors, RoundTripsSeveralTensors) {
  testing::ScratchDir tmp;
  write_safetensors(tmp / "m.safetensors", sample_tensors(), {});
  const SafetensorsFile file(tmp / "m.safetensors");
  EXPECT_EQ(file.names(),
            (std::vector<std::string>{"a_flags", "empty", "ids", "scale", "weights"}));
  EXPECT_EQ(file.metadata().size(), 1u);  // the data checksum
  EXPECT_EQ(file.sha256(), file.metadata().at(kSha256Key));
  EXPECT_EQ(to_vector(file.get<float>("weights", "F32", {2, 3})), kWeights);
  EXPECT_EQ(to_vector(file.get<int64_t>("ids", "I64", {4})), kIds);
  EXPECT_EQ(to_vector(file.get<double>("scale", "F64", {})), kScalar);
  EXPECT_TRUE(file.get<float>("empty", "F32", {0, 5}).empty());
  EXPECT_EQ(to_vector(file.get<uint8_t>("a_flags", "U8", {3})), kFlags);
  const TensorView& ids = file.tensor("ids");
  EXPECT_EQ(ids.name, "ids");
  EXPECT_EQ(ids.dtype, "I64");
  EXPECT_EQ(ids.shape, std::vector<size_t>{4});
  EXPECT_EQ(ids.bytes.size(), 32u);
  EXPECT_TRUE(file.contains("scale"));
  EXPECT_FALSE(file.contains("scal"));
}

TEST(Safetensors, RoundTripsMetadata) {
  testing::ScratchDir tmp;
  const std::map<std::string, std::string> metadata{
      {"format", "pt"}, {"config", R"({"dim": 32})"}, {"note", "naïve \"quoted\"\n"}};
  const std::string checksum = write_safetensors(
      tmp / "m.safetensors", {view("x", "I32", {1}, std::vector<int32_t>{3})}, metadata);
  auto with_checksum = metadata;
  with_checksum[kSha256Key] = checksum;
  EXPECT_EQ(SafetensorsFile(tmp / "m.safetensors").metadata(), with_checksum);
}

// A changed byte in the tensor data, a shape, an offset or the metadata is caught on open.
TEST(Safetensors, ACorruptOrEditedFileIsRefusedByItsChecksum) {
  testing::ScratchDir tmp;
  const fs::path path = tmp / "m.safetensors";
  write_safetensors(path, sample_tensors(), {{"config", "lr = 0.001"}});
  const std::string original = testing::read_text(path);
  const auto edited = [&](const std::string& from, const std::string& to) {
    std::string bytes = original;
    const size_t at = from.empty() ? bytes.size() - 3 : bytes.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (from.empty()) {
      bytes[at] ^= 0x10;
    } else {
      bytes.replace(at, from.size(), to);
    }
    return bytes;
  };
  for (const std::string& bytes :
       {edited("", ""), edited("lr = 0.001", "lr = 0.009"), edited("[2,3]", "[3,2]")}) {
    testing::write_text(path, bytes);
    try {
      SafetensorsFile file(path);
      ADD_FAILURE() << "corrupt file accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("does not match its SHA-256"), std::string::npos)
          << e.what();
    }
  }
}

TEST(Safetensors, WritesExactByteLayout) {
  testing::ScratchDir tmp;
  // "b" is wider, so it goes first in the data section even though "a" sorts first by name.
  write_safetensors(tmp / "m.safetensors",
                    {view("a", "U8", {2}, std::vector<uint8_t>{1, 2}),
                     view("b", "F32", {1}, std::vector<float>{1.f})},
                    {{"k", "v"}});
  // SHA-256 of the header without the checksum entry, then the data, as Python's hashlib gives
  // it for b'{"__metadata__":{"k":"v"},"a":{...},"b":{...}}' + b'\0\0\x80\x3f\x01\x02'.
  const std::string checksum = "6d53552167ed0f77923f3d2f7b43919e088e6653212a56d5a19801886291d1cf";
  const std::string header = R"({"__metadata__":{"cinerec.sha256":")" + checksum +
                             R"(","k":"v"},"a":{"data_offsets":[4,6],"dtype":"U8","shape":[2]},)"
                             R"("b":{"data_offsets":[0,4],"dtype":"F32","shape":[1]}})";
  const std::string padding((8 - header.size() % 8) % 8, ' ');
  std::string length;
  for (size_t i = 0, n = header.size() + padding.size(); i < 8; ++i)
    length += static_cast<char>((n >> (8 * i)) & 0xFF);
  const std::string expected =
      length + header + padding + std::string("\x00\x00\x80\x3f\x01\x02", 6);
  EXPECT_EQ(testing::read_text(tmp / "m.safetensors"), expected);
}

TEST(Safetensors, WriteIsAtomicAndLeavesNoTempFile) {
  testing::ScratchDir tmp;
  const fs::path path = tmp / "m.safetensors";
  write_safetensors(path, sample_tensors(), {});
  write_safetensors(path, {view("x", "I32", {1}, std::vector<int32_t>{3})}, {});
  EXPECT_EQ(entries(tmp.path()), 1u);
  EXPECT_EQ(SafetensorsFile(path).names(), std::vector<std::string>{"x"});
  // A rejected write leaves the previous file untouched.
  EXPECT_THROW(write_safetensors(path, {view("y", "I32", {2}, std::vector<int32_t>{3})}, {}),
               std::invalid_argument);
  EXPECT_EQ(entries(tmp.path()), 1u);
  EXPECT_EQ(SafetensorsFile(path).names(), std::vector<std::string>{"x"});
}

TEST(Safetensors, WriteRejectsInvalidTensors) {
  testing::ScratchDir tmp;
  const fs::path path = tmp / "m.safetensors";
  const std::vector<int32_t> three{1, 2, 3};
  auto write_error = [&](std::vector<TensorView> tensors) {
    return error_of<std::invalid_argument>([&] { write_safetensors(path, tensors, {}); });
  };
  EXPECT_TRUE(contains(write_error({view("x", "I32", {2, 2}, three)}),
                       "tensor \"x\": has 12 bytes, but shape [2, 2] of I32 needs 16"));
  EXPECT_TRUE(contains(write_error({view("x", "I32", {3}, three), view("x", "I32", {3}, three)}),
                       "tensor \"x\": duplicate name"));
  EXPECT_TRUE(contains(write_error({view("", "I32", {3}, three)}), "empty tensor name"));
  EXPECT_TRUE(contains(write_error({view("__metadata__", "I32", {3}, three)}), "reserved"));
  EXPECT_TRUE(contains(write_error({view("x", "Q32", {3}, three)}), "unknown dtype Q32"));
  EXPECT_FALSE(fs::exists(path));
}

TEST(Safetensors, GetChecksShapeAndDtype) {
  testing::ScratchDir tmp;
  const fs::path path = tmp / "m.safetensors";
  write_safetensors(path, sample_tensors(), {});
  const SafetensorsFile file(path);
  EXPECT_EQ(error_of<std::runtime_error>([&] {
              file.get<float>("weights", "F32", {3, 2});
            }),
            path.string() + ": tensor weights has shape [2, 3], expected [3, 2]");
  EXPECT_EQ(error_of<std::runtime_error>([&] { file.get<double>("scale", "F64", {1}); }),
            path.string() + ": tensor scale has shape [], expected [1]");
  EXPECT_EQ(error_of<std::runtime_error>([&] {
              file.get<double>("weights", "F64", {2, 3});
            }),
            path.string() + ": tensor weights has dtype F32, expected F64");
  EXPECT_THROW(file.get<double>("weights", "F32", {2, 3}), std::logic_error);
}

TEST(Safetensors, MissingTensorNamesFileAndSomePresent) {
  testing::ScratchDir tmp;
  const fs::path path = tmp / "m.safetensors";
  write_safetensors(path, sample_tensors(), {});
  EXPECT_EQ(error_of<std::runtime_error>([&] { SafetensorsFile(path).tensor("bias"); }),
            path.string() + ": no tensor \"bias\" (has: a_flags, empty, ids, scale, weights)");

  std::vector<TensorView> many = sample_tensors();
  many.push_back(view("z", "U8", {3}, kFlags));
  write_safetensors(path, many, {});
  EXPECT_TRUE(contains(error_of<std::runtime_error>([&] { SafetensorsFile(path).tensor("bias"); }),
                       "(has: a_flags, empty, ids, scale, weights, ... (6 in all))"));
}

TEST(Safetensors, RefusesTypedAccessToMisalignedData) {
  testing::ScratchDir tmp;
  // The 54-byte unpadded header puts the data at file offset 62, where no float can start.
  testing::write_text(
      tmp / "m",
      raw_file(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", std::string(4, '\0')));
  const SafetensorsFile file(tmp / "m");
  EXPECT_EQ(file.tensor("a").bytes.size(), 4u);
  EXPECT_TRUE(contains(error_of<std::runtime_error>([&] { file.get<float>("a", "F32", {1}); }),
                       "tensor a is not aligned to 4 bytes"));
}

TEST(SafetensorsCorrupt, ShortFileAndOversizedHeaderLength) {
  testing::ScratchDir tmp;
  const fs::path path = tmp / "m";
  testing::write_text(path, "");
  EXPECT_EQ(load_error(path),
            path.string() + ": file is 0 bytes, too short for the 8-byte header length");
  testing::write_text(path, std::string("\x05\0\0\0\0", 5));
  EXPECT_TRUE(contains(load_error(path), "file is 5 bytes, too short"));
  testing::write_text(path, std::string("\x64\0\0\0\0\0\0\0", 8) + "{}        ");
  EXPECT_EQ(load_error(path),
            path.string() + ": header length 100 exceeds the 10 bytes after the length prefix");
  testing::write_text(path, std::string(8, '\xff') + "{}");
  EXPECT_TRUE(contains(load_error(path), "header length 18446744073709551615 exceeds the 2 bytes"));
}

struct CorruptCase {
  std::string header;
  std::string data;
  std::string expected;
};

TEST(SafetensorsCorrupt, EachProblemGetsAClearError) {
  const std::string u8a = R"("a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]})";
  const std::vector<CorruptCase> cases{
      {R"({"a": )", "",
       "header is not valid JSON: [json.exception.parse_error.101] parse error at line 1, column "
       "7"},
      {"{\"\xff\":1}", "", "header is not valid JSON"},
      {"[1, 2]", "", "header is not a JSON object"},
      {"\"a\"", "", "header is not a JSON object"},
      {R"({"a":3})", "", "tensor \"a\": entry is not an object"},
      {R"({"a":{"shape":[4],"data_offsets":[0,4]}})", "abcd", "tensor \"a\": missing \"dtype\""},
      {R"({"a":{"dtype":"U8","data_offsets":[0,4]}})", "abcd", "tensor \"a\": missing \"shape\""},
      {R"({"a":{"dtype":"U8","shape":[4]}})", "abcd", "tensor \"a\": missing \"data_offsets\""},
      {R"({"a":{"dtype":8,"shape":[4],"data_offsets":[0,4]}})", "abcd",
       "\"dtype\" is not a string"},
      {R"({"a":{"dtype":"F128","shape":[4],"data_offsets":[0,4]}})", "abcd",
       "tensor \"a\": unknown dtype \"F128\""},
      {R"({"a":{"dtype":"U8","shape":4,"data_offsets":[0,4]}})", "abcd",
       "\"shape\" is not an array"},
      {R"({"a":{"dtype":"U8","shape":[-4],"data_offsets":[0,4]}})", "abcd",
       "\"shape\" holds a non-integer or negative"},
      {R"({"a":{"dtype":"U8","shape":[4.0],"data_offsets":[0,4]}})", "abcd",
       "\"shape\" holds a non-integer or negative"},
      {R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0]}})", "abcd",
       "\"data_offsets\" is not a pair of non-negative integers"},
      {R"({"a":{"dtype":"U8","shape":[4],"data_offsets":["0","4"]}})", "abcd",
       "\"data_offsets\" is not a pair of non-negative integers"},
      {R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4],"extra":1}})", "abcd",
       "tensor \"a\": unknown field \"extra\""},
      {R"({"a":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}})", "abcd",
       "data_offsets [4, 0] end before they begin"},
      {R"({"a":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}})", "abcd",
       "tensor \"a\": data_offsets [0, 8] exceed the 4-byte data section"},
      {R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", "abcd",
       "tensor \"a\": shape [2] of F32 needs 8 bytes, but data_offsets [0, 4] hold 4"},
      {R"({"a":{"dtype":"F64","shape":[4611686018427387904,8],"data_offsets":[0,4]}})", "abcd",
       "needs too many bytes"},
      {"{" + u8a + R"(,"b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}})", "abcdef",
       "tensor \"b\" data_offsets [2, 6] overlap tensor \"a\""},
      {"{" + u8a + R"(,"b":{"dtype":"U8","shape":[2],"data_offsets":[6,8]}})", "abcdefgh",
       "data section bytes [4, 6] before tensor \"b\" belong to no tensor"},
      {R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}})", "abcd",
       "data section bytes [0, 2] before tensor \"a\" belong to no tensor"},
      {"{" + u8a + "}", "abcdef", "data section has 6 bytes, but the tensors cover 4"},
      {"{" + u8a + "," + u8a + "}", "abcd", "header names \"a\" more than once"},
      {"{" + u8a + R"(,"__metadata__":[1]})", "abcd", "\"__metadata__\" is not an object"},
      {"{" + u8a + R"(,"__metadata__":{"k":1}})", "abcd",
       "\"__metadata__\" value for \"k\" is not a string"},
  };
  testing::ScratchDir tmp;
  const fs::path path = tmp / "bad.safetensors";
  for (const CorruptCase& c : cases) {
    SCOPED_TRACE(c.header);
    testing::write_text(path, raw_file(c.header, c.data));
    const std::string message = load_error(path);
    EXPECT_TRUE(contains(message, path.string() + ": "));
    EXPECT_TRUE(contains(message, c.expected));
  }
}

TEST(Safetensors, AcceptsWellFormedForeignFile) {
  // Unpadded header, keys in any order, an empty tensor at the end: all valid per the spec.
  testing::ScratchDir tmp;
  testing::write_text(tmp / "m", raw_file(R"({"z":{"shape":[0],"dtype":"I8","data_offsets":[2,2]},)"
                                          R"("y":{"data_offsets":[0,2],"dtype":"I8","shape":[2]}})",
                                          "\x01\x02"));
  const SafetensorsFile file(tmp / "m");
  EXPECT_EQ(file.names(), (std::vector<std::string>{"y", "z"}));
  EXPECT_EQ(to_vector(file.get<int8_t>("y", "I8", {2})), (std::vector<int8_t>{1, 2}));
}

// Output of a shell command, with its exit status.
std::pair<std::string, int> run_command(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {"", -1};
  std::string out;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
    out.append(buffer, n);
  return {out, ::pclose(pipe)};
}

TEST(Safetensors, IndependentPythonReaderAgrees) {
  if (std::system("command -v python3 >/dev/null 2>&1") != 0) GTEST_SKIP() << "no python3";
  testing::ScratchDir tmp;
  write_safetensors(tmp / "m.safetensors", sample_tensors(), {{"format", "pt"}});
  const auto [out, status] =
      run_command("python3 '" CINEREC_SOURCE_DIR "/tests/python/read_safetensors.py' '" +
                  (tmp / "m.safetensors").string() + "'");
  ASSERT_EQ(status, 0) << out;
  const nlohmann::json expected = nlohmann::json::parse(R"({
    "a_flags": {"dtype": "U8", "shape": [3], "sum": 256},
    "empty": {"dtype": "F32", "shape": [0, 5], "sum": 0},
    "ids": {"dtype": "I64", "shape": [4], "sum": 8999999999},
    "scale": {"dtype": "F64", "shape": [], "sum": 2.5},
    "weights": {"dtype": "F32", "shape": [2, 3], "sum": 6.25}})");
  EXPECT_EQ(nlohmann::json::parse(out), expected);
}

}  // namespace
}  // namespace cinerec
