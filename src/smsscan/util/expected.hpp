// Expected<T>: a value or the reason there is none. The one way the library
// returns failures a caller is expected to handle (a malformed manifest, an
// unreadable file, a bad host-list line). C++23's std::expected would do, but
// clang 14 (the fuzz build) cannot compile libstdc++ 12's <expected>, so this
// is the small subset the project needs, with the same names.
#pragma once

#include "smsscan/util/error.hpp"

#include <type_traits>
#include <utility>
#include <variant>

namespace smsscan::util {

template <typename E>
class Unexpected
{
public:
  explicit Unexpected(E error) : m_error(std::move(error)) {}
  E& error() & { return m_error; }
  E&& error() && { return std::move(m_error); }

private:
  E m_error;
};

template <typename E>
Unexpected<std::decay_t<E>> unexpected(E&& error)
{
  return Unexpected<std::decay_t<E>>(std::forward<E>(error));
}

template <typename T, typename E = Error>
class [[nodiscard]] Expected
{
public:
  template <typename U = T, typename = std::enable_if_t<std::is_constructible_v<T, U&&>>>
  Expected(U&& value) : m_state(std::in_place_index<0>, std::forward<U>(value)) // NOLINT: implicit like std::expected
  {
  }
  template <typename G>
  Expected(Unexpected<G> error) : m_state(std::in_place_index<1>, std::move(error).error()) // NOLINT
  {
  }

  bool has_value() const { return m_state.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(m_state); }
  const T& value() const& { return std::get<0>(m_state); }
  T&& value() && { return std::get<0>(std::move(m_state)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  E& error() & { return std::get<1>(m_state); }
  const E& error() const& { return std::get<1>(m_state); }
  E&& error() && { return std::get<1>(std::move(m_state)); }

private:
  std::variant<T, E> m_state;
};

// Success without a value, or the reason of the failure.
template <typename E>
class [[nodiscard]] Expected<void, E>
{
public:
  Expected() = default;
  template <typename G>
  Expected(Unexpected<G> error) : m_error(std::move(error).error()), m_failed(true) // NOLINT
  {
  }

  bool has_value() const { return !m_failed; }
  explicit operator bool() const { return has_value(); }
  const E& error() const { return m_error; }

private:
  E m_error{};
  bool m_failed = false;
};

} // namespace smsscan::util
