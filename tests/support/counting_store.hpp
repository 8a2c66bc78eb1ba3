#pragma once
// A store over another that counts what is asked of it and can be made unreachable
// (`down`): what a node sees when Redis goes away, without stopping a server.
#include "ssai/store.hpp"

namespace test_support {

class CountingStore final : public ssai::Store {
 public:
  explicit CountingStore(ssai::Store& inner) : inner_(inner) {}
  int gets = 0;
  int touches = 0;
  bool down = false;

  boost::asio::awaitable<ssai::Result<std::optional<std::string>>> get(std::string key) override {
    ++gets;
    if (down) co_return ssai::fail(ssai::Errc::kUnavailable, "store down");
    co_return co_await inner_.get(std::move(key));
  }
  boost::asio::awaitable<ssai::Result<void>> set(std::string key, std::string value, std::chrono::seconds ttl) override {
    return inner_.set(std::move(key), std::move(value), ttl);
  }
  boost::asio::awaitable<ssai::Result<std::string>> set_if_absent(std::string key, std::string value,
                                                                  std::chrono::seconds ttl) override {
    return inner_.set_if_absent(std::move(key), std::move(value), ttl);
  }
  boost::asio::awaitable<ssai::Result<void>> append(std::string key, std::string value, std::chrono::seconds ttl) override {
    return inner_.append(std::move(key), std::move(value), ttl);
  }
  boost::asio::awaitable<ssai::Result<void>> touch(std::string key, std::chrono::seconds ttl) override {
    ++touches;
    return inner_.touch(std::move(key), ttl);
  }
  boost::asio::awaitable<ssai::Result<std::vector<std::string>>> list(std::string key) override {
    return inner_.list(std::move(key));
  }
  [[nodiscard]] bool reachable() const override { return !down; }

 private:
  ssai::Store& inner_;
};

}  // namespace test_support
