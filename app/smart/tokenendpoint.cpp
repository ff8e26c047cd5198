#include "smart/tokenendpoint.h"

#include "common/logging.h"
#include "common/networkerror.h"
#include "common/transportpolicy.h"
#include "smart/clientassertion.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace kete::smart {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::smart", text);
}

} // namespace

QByteArray encodeForm(const FormFields &fields)
{
    QByteArray body;
    for (const auto &[name, value] : fields) {
        if (!body.isEmpty())
            body += '&';
        body +=
            QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(QString::fromUtf8(value));
    }
    return body;
}

QByteArray basicAuthorization(const ClientRegistration &client)
{
    const QByteArray credentials = QUrl::toPercentEncoding(client.clientId) + ':' +
                                   QUrl::toPercentEncoding(QString::fromUtf8(client.clientSecret));
    return QByteArrayLiteral("Basic ") + credentials.toBase64();
}

void authenticateClient(const ClientRegistration &client, QNetworkRequest &request,
                        FormFields &form)
{
    if (client.isConfidential())
        request.setRawHeader(QByteArrayLiteral("Authorization"), basicAuthorization(client));
    else
        form.append({QStringLiteral("client_id"), client.clientId.toUtf8()});
}

QString formValue(const QUrlQuery &query, const QString &name)
{
    QString encoded = query.queryItemValue(name, QUrl::FullyEncoded);
    encoded.replace(QLatin1Char('+'), QLatin1String("%20"));
    return QUrl::fromPercentEncoding(encoded.toLatin1());
}

Error oauthError(const QString &code, const QString &description, const QString &clientId)
{
    return oauthError(code, description, OAuthRequester{clientId, {}, false});
}

ErrorCode oauthErrorCode(const QString &code)
{
    static const QHash<QString, ErrorCode> codes{
        {QStringLiteral("invalid_request"), ErrorCode::OAuthInvalidRequest},
        {QStringLiteral("invalid_client"), ErrorCode::OAuthInvalidClient},
        {QStringLiteral("invalid_grant"), ErrorCode::OAuthInvalidGrant},
        {QStringLiteral("unauthorized_client"), ErrorCode::OAuthUnauthorizedClient},
        {QStringLiteral("unsupported_grant_type"), ErrorCode::OAuthUnsupportedGrantType},
        {QStringLiteral("unsupported_response_type"), ErrorCode::OAuthUnsupportedResponseType},
        {QStringLiteral("invalid_scope"), ErrorCode::OAuthInvalidScope},
        {QStringLiteral("access_denied"), ErrorCode::OAuthAccessDenied},
        {QStringLiteral("server_error"), ErrorCode::OAuthServerError},
        {QStringLiteral("temporarily_unavailable"), ErrorCode::OAuthTemporarilyUnavailable},
    };
    return codes.value(code, ErrorCode::OAuthOther);
}

Error oauthError(const QString &code, const QString &description, const OAuthRequester &requester)
{
    const QString &clientId = requester.clientId;
    const QString detail = QStringLiteral("oauth.%1: %2").arg(code, description.left(200));
    const ErrorCode errorCode = oauthErrorCode(code);
    if (code == QLatin1String("invalid_request") &&
        description.contains(QLatin1String("redirect"), Qt::CaseInsensitive)) {
        if (requester.redirectUri.isEmpty())
            return Error{tr("The redirect address Kete sent is not registered with the provider "
                            "for this app. Enter the redirect address your provider registered "
                            "for Kete under Advanced."),
                         detail, errorCode};
        return Error{tr("The redirect address Kete sent (%1) is not registered with the provider "
                        "for this app. Enter the redirect address your provider registered for "
                        "Kete under Advanced.")
                         .arg(requester.redirectUri.toString()),
                     detail, errorCode};
    }
    if (code == QLatin1String("invalid_client") && requester.confidential)
        return Error{tr("The client secret was not accepted by the provider (client id \"%1\"). "
                        "Check the client secret under Advanced.")
                         .arg(clientId),
                     detail, errorCode};
    if (code == QLatin1String("access_denied"))
        return Error{tr("You chose not to share your records with Kete, so the sign-in was "
                        "cancelled."),
                     detail, errorCode};
    if (code == QLatin1String("invalid_grant"))
        return Error{tr("Your sign-in has expired or was withdrawn by the provider. Please sign "
                        "in again."),
                     detail, errorCode};
    if (code == QLatin1String("invalid_client") || code == QLatin1String("unauthorized_client"))
        return Error{tr("The provider does not recognise Kete as an app (client id \"%1\"). "
                        "Check the client id in the provider settings.")
                         .arg(clientId),
                     detail, errorCode};
    if (code == QLatin1String("invalid_scope"))
        return Error{tr("The provider refused the kind of access Kete asked for."), detail,
                     errorCode};
    return Error{tr("The provider refused the sign-in (%1).").arg(code), detail, errorCode};
}

Result<QJsonObject> readTokenReply(QNetworkReply &reply, const OAuthRequester &requester)
{
    if (failedBeforeHttp(reply))
        return networkError(reply);
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(reply.readAll(), &parseError);
    const QJsonObject json = document.object();
    if (status >= 200 && status < 300 && parseError.error == QJsonParseError::NoError &&
        document.isObject())
        return json;
    const QString code = json.value(QLatin1String("error")).toString();
    qCWarning(lcAuth) << "token endpoint" << loggableUrl(reply.url()) << "answered HTTP" << status
                      << (code.isEmpty() ? QStringLiteral("without an OAuth error") : code);
    if (!code.isEmpty())
        return oauthError(code, json.value(QLatin1String("error_description")).toString(),
                          requester);
    if (status == 401)
        return oauthError(QStringLiteral("invalid_client"), QStringLiteral("HTTP 401"), requester);
    return networkError(reply);
}

TokenEndpointClient::TokenEndpointClient(QNetworkAccessManager *network, ClientRegistration client,
                                         QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_client(std::move(client))
{}

QNetworkReply *TokenEndpointClient::post(const QUrl &url, FormFields form, bool authenticate)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(30000);
    if (authenticate)
        authenticateClient(m_client, request, form);
    return m_network->post(request, encodeForm(form));
}

void TokenEndpointClient::assertionGrant(const QUrl &tokenEndpoint, const QString &clientId,
                                         const QByteArray &assertion, TokenDone done)
{
    if (auto problem = checkTransport(tokenEndpoint)) {
        done(*problem);
        return;
    }
    QNetworkReply *reply = post(tokenEndpoint,
                                {{QStringLiteral("grant_type"), kJwtBearerGrant},
                                 {QStringLiteral("assertion"), assertion},
                                 {QStringLiteral("client_id"), clientId.toUtf8()}},
                                false);
    connect(reply, &QNetworkReply::finished, this, [reply, clientId, done = std::move(done)] {
        reply->deleteLater();
        done(readTokenReply(*reply, {clientId, {}, false}));
    });
}

void TokenEndpointClient::refresh(const QUrl &tokenEndpoint, const QByteArray &refreshToken,
                                  TokenDone done)
{
    if (auto problem = checkTransport(tokenEndpoint)) {
        done(*problem);
        return;
    }
    QNetworkReply *reply = post(tokenEndpoint, {{QStringLiteral("grant_type"), "refresh_token"},
                                                {QStringLiteral("refresh_token"), refreshToken}});
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] {
        reply->deleteLater();
        done(readTokenReply(*reply,
                            {m_client.clientId, m_client.redirectUri, m_client.isConfidential()}));
    });
}

void TokenEndpointClient::revoke(const QUrl &revocationEndpoint, const QByteArray &token,
                                 const QString &tokenTypeHint, RevokeDone done)
{
    if (auto problem = checkTransport(revocationEndpoint)) {
        done(*problem);
        return;
    }
    QNetworkReply *reply =
        post(revocationEndpoint, {{QStringLiteral("token"), token},
                                  {QStringLiteral("token_type_hint"), tokenTypeHint.toUtf8()}});
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        if (reply->error() == QNetworkReply::NoError) {
            done({});
            return;
        }
        done(networkError(*reply));
    });
}

} // namespace kete::smart
