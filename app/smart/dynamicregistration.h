#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>
#include <functional>

class QNetworkAccessManager;

namespace kete::smart {

// RFC 7591 dynamic client registration as Epic offers it to patient-facing native apps: after a
// sign-in whose access token allows it, Kete registers this installation with its own public
// key (POST registration_endpoint, Authorization: Bearer <access token>,
// {"software_id": <Kete's client id>, "jwks": {"keys": [<public JWK>]}}) and receives a client id
// of its own; from then on it gets tokens with the JWT bearer grant instead of a refresh token.
//
// done(client id), or an Error whose message says the provider did not accept the registration
// (detail "registration.<error>" or "registration.http-<status>"; never the token).
using RegistrationDone = std::function<void(Result<QString>)>;
void registerInstallation(QNetworkAccessManager *network, const QUrl &registrationEndpoint,
                          const QByteArray &accessToken, const QString &softwareId,
                          const QJsonObject &publicJwk, RegistrationDone done);

} // namespace kete::smart
