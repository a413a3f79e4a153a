#include "host/data/dataset/string_column.h"

#include <gtest/gtest.h>

namespace cinerec {
namespace {

TEST(StringColumn, MapsBothWays) {
  ArrayStore store;
  const std::vector<std::string> values{"1291543", "剧情", "", "abc", "1291544"};
  put_strings(store, "v", values);
  const StringColumn col(store, "v");
  ASSERT_EQ(col.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(col[i], values[i]);
    EXPECT_EQ(col.find(values[i]), i);
  }
  EXPECT_FALSE(col.find("1291545").has_value());
  EXPECT_FALSE(col.find("zzz").has_value());
}

TEST(StringColumn, EmptyVocabulary) {
  ArrayStore store;
  put_strings(store, "v", {});
  const StringColumn col(store, "v");
  EXPECT_EQ(col.size(), 0u);
  EXPECT_FALSE(col.find("x").has_value());
}

TEST(StringColumn, RejectsInconsistentArrays) {
  ArrayStore store;
  put_strings(store, "v", {"a", "b"});
  store.put("v.sorted", std::vector<uint32_t>{1, 0});  // not in byte order
  EXPECT_THROW(StringColumn(store, "v"), std::runtime_error);
  store.put("v.sorted", std::vector<uint32_t>{0, 7});  // out of range
  EXPECT_THROW(StringColumn(store, "v"), std::runtime_error);
  store.put("v.sorted", std::vector<uint32_t>{0, 1});
  store.put("v.offsets", std::vector<uint64_t>{0, 5, 2});
  EXPECT_THROW(StringColumn(store, "v"), std::runtime_error);
}

TEST(ArrayStore, ChecksDtypeAndSize) {
  ArrayStore store;
  store.put("a", std::vector<float>{1, 2, 3, 4, 5, 6}, {2, 3});
  EXPECT_EQ(store.get<float>("a").size(), 6u);
  EXPECT_THROW(store.get<uint32_t>("a"), std::runtime_error);
  EXPECT_THROW(store.get<float>("b"), std::runtime_error);
  EXPECT_THROW(store.put("c", std::vector<float>{1, 2}, {3}), std::runtime_error);
  EXPECT_EQ(dtype_from_name("i64"), DType::kI64);
  EXPECT_THROW(dtype_from_name("f16"), std::invalid_argument);
}

}  // namespace
}  // namespace cinerec
