#pragma once

#include "fhir/jsonvalue.h"

#include <array>
#include <functional>
#include <string>
#include <string_view>

namespace kete::fhir::json {

// `Read(value)`, remembered: the parts of results that repeat from one result to the next (a
// test's coding, its category, its reference ranges) are read once, and a repeat costs its key
// and a reference count instead of lists and strings. `Read` must depend on the JSON alone.
// Direct-mapped and per thread (a collision replaces the older value), like sharedString().
template<auto Read, std::size_t Slots = 256>
auto readRecent(const Value &value) -> decltype(Read(value))
{
    using Result = decltype(Read(value));
    struct Slot
    {
        std::string key;
        Result value{};
    };
    thread_local std::array<Slot, Slots> recent;
    thread_local ContentKey key;
    if (!value.writeContentKey(key))
        return Read(value);
    Slot &slot = recent[std::hash<std::string_view>()(key.view()) % Slots];
    if (slot.key != key.view()) {
        slot.key = key.view();
        slot.value = Read(value);
    }
    return slot.value;
}

} // namespace kete::fhir::json
