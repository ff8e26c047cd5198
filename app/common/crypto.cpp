#include "common/crypto.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace kete::crypto {

QByteArray randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char *>(bytes.data()), count) != 1)
        std::abort();
    return bytes;
}

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray fromBase64Url(const QByteArray &text)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        text, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    return decoded ? decoded.decoded : QByteArray();
}

QByteArray randomToken(int bytes)
{
    return base64Url(randomBytes(bytes));
}

QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

QByteArray hmacSha256(const QByteArray &key, const QByteArray &message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

namespace {

constexpr int kNonceBytes = 12; // 96 bits, as NIST SP 800-38D recommends for GCM
constexpr int kTagBytes = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext newContext()
{
    CipherContext context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!context)
        std::abort();
    return context;
}

const unsigned char *bytes(QByteArrayView data)
{
    return reinterpret_cast<const unsigned char *>(data.data());
}

unsigned char *bytes(QByteArray &data)
{
    return reinterpret_cast<unsigned char *>(data.data());
}

} // namespace

struct AeadKey::Contexts
{
    CipherContext encrypt = newContext();
    CipherContext decrypt = newContext();
};

AeadKey::AeadKey(const QByteArray &key)
    : m_contexts(std::make_unique<Contexts>())
{
    // A wrong-sized key is a programming error, not bad input: like randomBytes(), stop.
    if (key.size() != kAeadKeyBytes ||
        EVP_EncryptInit_ex(m_contexts->encrypt.get(), EVP_aes_256_gcm(), nullptr, bytes(key),
                           nullptr) != 1 ||
        EVP_DecryptInit_ex(m_contexts->decrypt.get(), EVP_aes_256_gcm(), nullptr, bytes(key),
                           nullptr) != 1)
        std::abort();
}

AeadKey::~AeadKey() = default;

QByteArray AeadKey::seal(QByteArrayView plaintext, QByteArrayView associated)
{
    EVP_CIPHER_CTX *context = m_contexts->encrypt.get();
    const QByteArray nonce = randomBytes(kNonceBytes);
    QByteArray sealed = nonce;
    sealed.resize(kNonceBytes + plaintext.size() + kTagBytes);
    unsigned char *out = bytes(sealed) + kNonceBytes;
    int written = 0;
    // Failures here are OpenSSL being unusable, not bad input: like randomBytes(), stop.
    if (EVP_EncryptInit_ex(context, nullptr, nullptr, nullptr, bytes(nonce)) != 1 ||
        EVP_EncryptUpdate(context, nullptr, &written, bytes(associated), int(associated.size())) !=
            1 ||
        EVP_EncryptUpdate(context, out, &written, bytes(plaintext), int(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(context, out + written, &written) != 1 ||
        EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, kTagBytes, out + plaintext.size()) != 1)
        std::abort();
    return sealed;
}

std::optional<QByteArray> AeadKey::open(QByteArrayView sealed, QByteArrayView associated)
{
    if (sealed.size() < kNonceBytes + kTagBytes)
        return std::nullopt;
    EVP_CIPHER_CTX *context = m_contexts->decrypt.get();
    const qsizetype length = sealed.size() - kNonceBytes - kTagBytes;
    // OpenSSL wants the expected tag in writable memory.
    unsigned char tag[kTagBytes];
    std::copy_n(bytes(sealed) + kNonceBytes + length, kTagBytes, tag);
    QByteArray plaintext(length, Qt::Uninitialized);
    int written = 0;
    const bool opened =
        EVP_DecryptInit_ex(context, nullptr, nullptr, nullptr, bytes(sealed)) == 1 &&
        EVP_DecryptUpdate(context, nullptr, &written, bytes(associated), int(associated.size())) ==
            1 &&
        EVP_DecryptUpdate(context, bytes(plaintext), &written, bytes(sealed) + kNonceBytes,
                          int(length)) == 1 &&
        EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, kTagBytes, tag) == 1 &&
        EVP_DecryptFinal_ex(context, bytes(plaintext) + written, &written) == 1;
    if (!opened)
        return std::nullopt;
    return plaintext;
}

QByteArray seal(const QByteArray &key, const QByteArray &plaintext, const QByteArray &associated)
{
    Q_ASSERT(key.size() == kAeadKeyBytes);
    return AeadKey(key).seal(plaintext, associated);
}

std::optional<QByteArray> open(const QByteArray &key, const QByteArray &sealed,
                               const QByteArray &associated)
{
    if (key.size() != kAeadKeyBytes)
        return std::nullopt;
    return AeadKey(key).open(sealed, associated);
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

} // namespace kete::crypto
