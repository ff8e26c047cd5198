#pragma once

#include "common/result.h"
#include "smart/clientregistration.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
class QUrlQuery;

namespace kete::smart {

using FormFields = QList<QPair<QString, QByteArray>>;

// application/x-www-form-urlencoded with every reserved character escaped ('+' too, which
// QUrlQuery leaves alone and servers read as a space).
QByteArray encodeForm(const FormFields &fields);

// "Basic base64(urlencode(id):urlencode(secret))", RFC 6749 §2.3.1.
QByteArray basicAuthorization(const ClientRegistration &client);

// Client authentication for a token, revocation or introspection request: HTTP Basic for
// confidential clients, `client_id` in the form for public ones. Never both.
void authenticateClient(const ClientRegistration &client, QNetworkRequest &request,
                        FormFields &form);

// Who made an OAuth request, for the words of its error: which client id, which redirect
// address it sent, whether it authenticated with a client secret.
struct OAuthRequester
{
    QString clientId;
    QUrl redirectUri;
    bool confidential = false;
};

// Reads a token endpoint answer: the JSON object on 2xx, else the RFC 6749 §5.2 error in plain
// words for this requester (oauthError).
Result<QJsonObject> readTokenReply(QNetworkReply &reply, const OAuthRequester &requester = {});

// The ErrorCode of an RFC 6749 error code ("invalid_scope"); OAuthOther for one it does not define.
ErrorCode oauthErrorCode(const QString &code);

// An OAuth error code from the authorization or token endpoint, in plain words (detail
// "oauth.<code>: <description>", code oauthErrorCode). invalid_request about the redirect URI
// names the one sent; invalid_client of a confidential client says the client secret was not
// accepted.
Error oauthError(const QString &code, const QString &description, const OAuthRequester &requester);
Error oauthError(const QString &code, const QString &description, const QString &clientId);

// A value of an application/x-www-form-urlencoded query (a redirect's error_description): '+'
// is a space there, which QUrlQuery leaves as '+'.
QString formValue(const QUrlQuery &query, const QString &name);

// Talks to the token and revocation endpoints for a signed-in client: refresh grant (RFC 6749
// §6) and revocation (RFC 7009).
class TokenEndpointClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenEndpointClient)

public:
    TokenEndpointClient(QNetworkAccessManager *network, ClientRegistration client,
                        QObject *parent = nullptr);

    using TokenDone = std::function<void(const Result<QJsonObject> &)>;
    using RevokeDone = std::function<void(Result<void>)>;

    void refresh(const QUrl &tokenEndpoint, const QByteArray &refreshToken, TokenDone done);
    // RFC 7523 §2.1: tokens for a dynamically registered client, authenticated by its signed
    // assertion (sent with its own client id, not the registration's).
    void assertionGrant(const QUrl &tokenEndpoint, const QString &clientId,
                        const QByteArray &assertion, TokenDone done);
    void revoke(const QUrl &revocationEndpoint, const QByteArray &token,
                const QString &tokenTypeHint, RevokeDone done);

    const ClientRegistration &client() const { return m_client; }

private:
    QNetworkReply *post(const QUrl &url, FormFields form, bool authenticate = true);

    QNetworkAccessManager *m_network;
    ClientRegistration m_client;
};

} // namespace kete::smart
