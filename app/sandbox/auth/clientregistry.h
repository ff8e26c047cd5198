#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <optional>

namespace kete::sandbox {

struct RegisteredClient
{
    enum class Type
    {
        Public,
        ConfidentialSymmetric
    };

    QString clientId;
    QString name;
    Type type = Type::Public;
    QByteArray secretHash; // SHA-256 of the client secret; confidential clients only
    QStringList redirectUris;
    std::optional<QStringList> allowedScopes; // none: any supported scope

    // Exact match, except that a loopback redirect URI (kete::isLoopbackHost) may differ
    // in its port (RFC 8252 §7.3).
    bool acceptsRedirect(const QString &redirectUri) const;
    // Constant-time check of a presented secret against secretHash.
    bool secretMatches(const QString &secret) const;
};

// The clients the sandbox knows: two built-in public clients (`kete-desktop`,
// `fhirclient-conformance`) plus those of a JSON registration file:
//   {"clients": [{"client_id": "...", "name": "...", "type": "public" | "confidential-symmetric",
//                 "client_secret": "...", "redirect_uris": ["..."], "scopes": ["..."]}]}
// Only the secret's SHA-256 is kept.
class ClientRegistry
{
public:
    ClientRegistry(); // the built-in clients

    static QString keteDesktopId();
    static QString conformanceClientId();

    Result<int> loadJson(const QByteArray &json); // how many clients were added
    Result<int> loadFile(const QString &path);
    void add(RegisteredClient client); // replaces a client with the same id

    std::optional<RegisteredClient> find(const QString &clientId) const;
    QList<RegisteredClient> all() const { return m_clients; }

private:
    QList<RegisteredClient> m_clients;
};

} // namespace kete::sandbox
