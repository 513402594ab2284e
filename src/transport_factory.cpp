#include "transport_factory.hpp"

namespace smsscan {

std::unique_ptr<Transport> make_remote_transport(std::string_view name, std::string& error)
{
  error = "the " + std::string(name) + " transport is not available yet";
  return nullptr;
}

} // namespace smsscan
