#include "ssai/http_types.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace ssai {

std::optional<std::string_view> Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

Response json_response(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

Response hls_response(std::string playlist) {
  Response response;
  response.content_type = std::string(kHlsContentType);
  response.body = std::move(playlist);
  return response;
}

Response error_response(const Error& error) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("error");
  writer.String(error_name(error.code));
  writer.Key("message");
  writer.String(error.detail.c_str(), static_cast<rapidjson::SizeType>(error.detail.size()));
  writer.EndObject();
  auto response = json_response(http_status(error.code), buffer.GetString());
  // A client told to slow down is told when to come back.
  if (error.code == Errc::kTooManyRequests) response.headers.emplace_back("Retry-After", "1");
  return response;
}

}  // namespace ssai
