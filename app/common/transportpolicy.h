#pragma once

#include "common/result.h"

#include <QString>
#include <optional>

class QUrl;

namespace kete {

// Kete's one rule for where it may send a token or health data, used by the sign-in, the FHIR
// client, the sign-in browser, the connect dialog and the sandbox alike.
//
// Plain http only when the traffic cannot leave this computer: to a loopback address or to the
// name "localhost". Loopback is the whole of 127.0.0.0/8 and ::1 (RFC 1122 §3.2.1.3, RFC 4291
// §2.5.3), not only 127.0.0.1: 127.0.0.2 never leaves the machine either, the operating system
// routes it the same way, and RFC 8252 §8.3 asks for loopback, not for one address in it.
// Everything else needs https. Certificate errors are never ignored anywhere in Kete; this
// policy is about the scheme.

// 127.0.0.0/8, ::1 (also as ::ffff:127.x.y.z) and "localhost" in any case; never a name that
// merely starts like one ("localhost.example", "127.0.0.1.example").
bool isLoopbackHost(const QString &host);

// How an address would be reached, for a caller that words the answer itself (a form's hint,
// the browser's address bar).
enum class TransportSecurity
{
    Secure,      // https
    Loopback,    // http on a loopback host: this computer
    Insecure,    // anything else with a host: refused
    NotAnAddress // not a valid URL, or no host
};
TransportSecurity transportSecurity(const QUrl &url);

// nullopt when Kete may talk to `url`; otherwise why not, in plain words, with the detail
// "transport.insecure: …" or "transport.invalid-url: …".
std::optional<Error> checkTransport(const QUrl &url);

} // namespace kete
