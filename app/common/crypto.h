#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <memory>
#include <optional>

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
QByteArray hmacSha256(const QByteArray &key, const QByteArray &message);

// AES-256-GCM through OpenSSL's EVP interface. seal() returns nonce (12 random bytes) ||
// ciphertext || tag (16 bytes); `associated` is authenticated, not stored. open() returns
// std::nullopt when the key, the associated data or any byte of `sealed` is not what seal()
// used (the tag does not match): nothing of a tampered message is returned.
inline constexpr int kAeadKeyBytes = 32;
QByteArray seal(const QByteArray &key, const QByteArray &plaintext, const QByteArray &associated);
std::optional<QByteArray> open(const QByteArray &key, const QByteArray &sealed,
                               const QByteArray &associated);

// The same for many messages under one key: the key is set up once (its schedule and OpenSSL's
// cipher lookup cost more than sealing a small message). One object per thread: it keeps
// OpenSSL's state between calls.
class AeadKey final
{
public:
    explicit AeadKey(const QByteArray &key); // kAeadKeyBytes long
    ~AeadKey();
    AeadKey(const AeadKey &) = delete;
    AeadKey &operator=(const AeadKey &) = delete;

    QByteArray seal(QByteArrayView plaintext, QByteArrayView associated);
    std::optional<QByteArray> open(QByteArrayView sealed, QByteArrayView associated);

private:
    struct Contexts;
    std::unique_ptr<Contexts> m_contexts;
};

// Comparison whose time does not depend on where the inputs differ.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

} // namespace kete::crypto
