#include "smart/dynamicregistration.h"

#include "common/logging.h"
#include "common/networkerror.h"
#include "common/transportpolicy.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace kete::smart {

namespace {

Error refused(const QString &detail)
{
    return Error{QCoreApplication::translate(
                     "kete::smart::DynamicRegistration",
                     "The provider did not let Kete register itself on this computer, so Kete "
                     "stays signed in the usual way."),
                 detail, ErrorCode::RequestRefused};
}

} // namespace

void registerInstallation(QNetworkAccessManager *network, const QUrl &registrationEndpoint,
                          const QByteArray &accessToken, const QString &softwareId,
                          const QJsonObject &publicJwk, RegistrationDone done)
{
    if (auto problem = checkTransport(registrationEndpoint)) {
        done(*problem);
        return;
    }
    QNetworkRequest request(registrationEndpoint);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("Authorization", "Bearer " + accessToken);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(30000);
    const QJsonObject body{
        {QStringLiteral("software_id"), softwareId},
        {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("private_key_jwt")},
        {QStringLiteral("grant_types"),
         QJsonArray{QStringLiteral("urn:ietf:params:oauth:grant-type:jwt-bearer")}},
        {QStringLiteral("jwks"), QJsonObject{{QStringLiteral("keys"), QJsonArray{publicJwk}}}}};
    qCInfo(lcAuth) << "registering this installation at" << loggableUrl(registrationEndpoint);
    QNetworkReply *reply =
        network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QObject::connect(reply, &QNetworkReply::finished, reply, [reply, done = std::move(done)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 0) {
            done(networkError(*reply));
            return;
        }
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        const QString clientId = answer.value(QLatin1String("client_id")).toString();
        if (status >= 200 && status < 300 && !clientId.isEmpty()) {
            qCInfo(lcAuth) << "installation registered";
            done(clientId);
            return;
        }
        const QString error = answer.value(QLatin1String("error")).toString();
        const QString detail =
            error.isEmpty()
                ? QStringLiteral("registration.http-%1").arg(status)
                : QStringLiteral("registration.%1: %2")
                      .arg(error.left(64),
                           answer.value(QLatin1String("error_description")).toString().left(200));
        qCInfo(lcAuth) << "registration refused:" << detail;
        done(refused(detail));
    });
}

} // namespace kete::smart
