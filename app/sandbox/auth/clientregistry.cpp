#include "sandbox/auth/clientregistry.h"

#include "common/crypto.h"
#include "common/transportpolicy.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace kete::sandbox {

namespace {

QStringList stringsOf(const QJsonValue &value)
{
    QStringList strings;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array)
        strings.append(item.toString());
    return strings;
}

Error registrationError(const QString &detail)
{
    return Error{QCoreApplication::translate("kete::sandbox::ClientRegistry",
                                             "The client registration file cannot be used."),
                 detail};
}

} // namespace

bool RegisteredClient::acceptsRedirect(const QString &redirectUri) const
{
    if (redirectUris.contains(redirectUri))
        return true;
    const QUrl asked(redirectUri, QUrl::StrictMode);
    if (!asked.isValid() || asked.scheme() != QLatin1String("http") ||
        !isLoopbackHost(asked.host()))
        return false;
    for (const QString &registered : redirectUris) {
        QUrl candidate(registered, QUrl::StrictMode);
        if (!isLoopbackHost(candidate.host()))
            continue;
        QUrl withoutPort = asked;
        withoutPort.setPort(-1);
        candidate.setPort(-1);
        if (withoutPort.toString(QUrl::FullyEncoded) == candidate.toString(QUrl::FullyEncoded))
            return true;
    }
    return false;
}

bool RegisteredClient::secretMatches(const QString &secret) const
{
    if (type != Type::ConfidentialSymmetric || secretHash.isEmpty())
        return false;
    return crypto::constantTimeEquals(crypto::sha256(secret.toUtf8()), secretHash);
}

ClientRegistry::ClientRegistry()
{
    add(RegisteredClient{keteDesktopId(),
                         QStringLiteral("Kete"),
                         RegisteredClient::Type::Public,
                         {},
                         {QStringLiteral("http://127.0.0.1/kete/callback"),
                          QStringLiteral("https://kete.example.org/callback")},
                         std::nullopt});
    add(RegisteredClient{conformanceClientId(),
                         QStringLiteral("SMART conformance test (fhirclient.js)"),
                         RegisteredClient::Type::Public,
                         {},
                         {QStringLiteral("http://127.0.0.1/callback.html")},
                         std::nullopt});
}

QString ClientRegistry::keteDesktopId()
{
    return QStringLiteral("kete-desktop");
}

QString ClientRegistry::conformanceClientId()
{
    return QStringLiteral("fhirclient-conformance");
}

void ClientRegistry::add(RegisteredClient client)
{
    for (RegisteredClient &existing : m_clients) {
        if (existing.clientId == client.clientId) {
            existing = std::move(client);
            return;
        }
    }
    m_clients.append(std::move(client));
}

std::optional<RegisteredClient> ClientRegistry::find(const QString &clientId) const
{
    for (const RegisteredClient &client : m_clients) {
        if (client.clientId == clientId)
            return client;
    }
    return std::nullopt;
}

Result<int> ClientRegistry::loadJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject())
        return registrationError(QStringLiteral("not a JSON object: ") + parseError.errorString());
    const QJsonArray clients = document.object().value(QLatin1String("clients")).toArray();
    QList<RegisteredClient> parsed;
    for (const QJsonValue &value : clients) {
        const QJsonObject object = value.toObject();
        RegisteredClient client;
        client.clientId = object.value(QLatin1String("client_id")).toString();
        client.name = object.value(QLatin1String("name")).toString(client.clientId);
        const QString type = object.value(QLatin1String("type")).toString(QStringLiteral("public"));
        if (client.clientId.isEmpty())
            return registrationError(QStringLiteral("a client has no client_id"));
        if (type == QLatin1String("confidential-symmetric")) {
            client.type = RegisteredClient::Type::ConfidentialSymmetric;
            const QString secret = object.value(QLatin1String("client_secret")).toString();
            if (secret.isEmpty())
                return registrationError(
                    QStringLiteral("client %1 has no client_secret").arg(client.clientId));
            client.secretHash = crypto::sha256(secret.toUtf8());
        } else if (type != QLatin1String("public")) {
            return registrationError(
                QStringLiteral("client %1 has unknown type %2").arg(client.clientId, type));
        }
        client.redirectUris = stringsOf(object.value(QLatin1String("redirect_uris")));
        if (client.redirectUris.isEmpty())
            return registrationError(
                QStringLiteral("client %1 has no redirect_uris").arg(client.clientId));
        if (object.contains(QLatin1String("scopes")))
            client.allowedScopes = stringsOf(object.value(QLatin1String("scopes")));
        parsed.append(std::move(client));
    }
    for (RegisteredClient &client : parsed)
        add(std::move(client));
    return int(parsed.size());
}

Result<int> ClientRegistry::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return registrationError(
            QStringLiteral("cannot open %1: %2").arg(path, file.errorString()));
    return loadJson(file.readAll());
}

} // namespace kete::sandbox
