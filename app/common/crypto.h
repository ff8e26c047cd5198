#pragma once

#include <QByteArray>

// Small wrappers over OpenSSL for the primitives both the client and the sandbox need.
namespace kete::crypto {

// Bytes from the operating system's CSPRNG (OpenSSL RAND_bytes). Aborts if none can be had:
// a predictable state or verifier is worse than no sign-in.
QByteArray randomBytes(int count);

// RFC 4648 §5 without padding, as OAuth, PKCE and JOSE use it.
QByteArray base64Url(const QByteArray &bytes);
QByteArray fromBase64Url(const QByteArray &text);

// A random token of `bytes` bytes of entropy, base64url-encoded.
QByteArray randomToken(int bytes = 32);

QByteArray sha256(const QByteArray &data);

// Comparison whose time does not depend on where the inputs differ.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

} // namespace kete::crypto
