// Tests for accounts/source_factory.cpp: make_account_source gives what this
// build has. With libnetapi, the real libnetapi source (its forked worker,
// real libnetapi), checked with a query that is refused before any
// connection; without, the reason and what to install.
#include "smsscan/accounts/source.hpp"

#include "accounts/accounts_support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace smsscan;
using namespace smsscan::accounts;
using namespace std::chrono_literals;

#ifdef SMSSCAN_TEST_HAVE_NETAPI

TEST_CASE("account source factory: this build gives the libnetapi source, made with the options given")
{
  transport::RemoteOptions reach;
  reach.ntlmv1 = true;
  reach.resolver.lmhosts = target::parse_lmhosts("127.0.0.1 PCLOOPBACK\n", "lmhosts");
  util::Expected<std::unique_ptr<AccountSource>> made = make_account_source(reach);
  REQUIRE(made.has_value());
  REQUIRE(*made != nullptr);

  // Answered by a libnetapi worker: its refusal of a port libnetapi cannot
  // use, before any connection and without a logon to count.
  target::Target target = test::host_target("PCLOOPBACK");
  target.port = 8445;
  const std::vector<std::string> accounts = {"SMSCliToknAcct&", "SMSCliSvcAcct&"};
  QuerySettings settings;
  settings.timeout = 10s;
  settings.deadline = std::chrono::steady_clock::now() + 10s;
  const QueryReply reply = (*made)->query(target, accounts, settings);
  CHECK(reply.status == MachineStatus::error);
  CHECK(reply.logon == LogonResult::not_attempted);
  CHECK(reply.detail == "\\\\PCLOOPBACK: libnetapi connects on ports 445 and 139 only; port 8445 cannot be queried");
  REQUIRE(reply.accounts.size() == accounts.size());
  CHECK(reply.accounts[0].name == accounts[0]);
  CHECK(reply.accounts[1].name == accounts[1]);

  // Each call makes a source of its own.
  util::Expected<std::unique_ptr<AccountSource>> other = make_account_source({});
  REQUIRE(other.has_value());
  CHECK(other->get() != made->get());
  CHECK((*other)->query(target, accounts, settings).detail == reply.detail);
}

#else

TEST_CASE("account source factory: a build without libnetapi says what to install")
{
  const util::Expected<std::unique_ptr<AccountSource>> made = make_account_source({});
  REQUIRE_FALSE(made.has_value());
  CHECK(made.error().message == "this build has no libnetapi, which `smsscan accounts` needs (rebuild with "
                                "samba-dev installed: pkg-config netapi)");
}

#endif
