#include "ssai/http_types.hpp"

#include <boost/url/parse.hpp>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace ssai {

Request request_for(std::string method, std::string_view target, std::string body) {
  Request request;
  request.method = std::move(method);
  request.body = std::move(body);
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) {
    request.path = std::string(target);
    return request;
  }
  request.path = parsed->path();
  request.raw_query = std::string(parsed->encoded_query());
  for (auto param : parsed->params()) request.query.emplace_back(param.key, param.value);
  return request;
}

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

Response redirect_response(std::string location) {
  Response response;
  response.status = 302;
  response.content_type = "text/plain";
  response.headers.emplace_back("Location", std::move(location));
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
