// --transport: auto, smbclient and curl give the transports this build has;
// anything else is refused with the choices.
#include "smsscan/transport/factory.hpp"

#include <doctest/doctest.h>

#include <string>

using smsscan::transport::make_remote_transport;

TEST_CASE("factory: curl is always there")
{
  auto made = make_remote_transport("curl");
  REQUIRE(made.has_value());
  CHECK((*made)->name() == "curl");
}

TEST_CASE("factory: auto prefers libsmbclient when this build has it")
{
  auto made = make_remote_transport("auto");
  REQUIRE(made.has_value());
#ifdef SMSSCAN_TEST_HAVE_SMBCLIENT
  CHECK((*made)->name() == "smbclient");
  auto smbclient = make_remote_transport("smbclient");
  REQUIRE(smbclient.has_value());
  CHECK((*smbclient)->name() == "smbclient");
#else
  CHECK((*made)->name() == "curl");
  auto smbclient = make_remote_transport("smbclient");
  REQUIRE_FALSE(smbclient.has_value());
  CHECK(smbclient.error().message.find("--transport curl") != std::string::npos);
#endif
}

TEST_CASE("factory: an unknown name is refused with the choices")
{
  auto made = make_remote_transport("nfs");
  REQUIRE_FALSE(made.has_value());
  CHECK(made.error().message == "unknown transport \"nfs\" (auto, smbclient or curl)");
}
