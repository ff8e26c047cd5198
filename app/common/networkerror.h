#pragma once

#include "common/result.h"

#include <QNetworkReply>
#include <QString>

namespace kete {

// What went wrong on the way to a server, in a few plain words ("the connection was refused",
// "the server name was not found", "the secure connection (TLS) could not be set up"), for a
// message or a technical detail instead of a bare "network error 1".
QString networkErrorWords(QNetworkReply::NetworkError error);

// The words with the number, for a support ticket: "the connection was refused (network error 1)".
QString networkErrorDetail(QNetworkReply::NetworkError error);

// True when the reply failed before any HTTP answer (no route, refused, TLS, timeout).
bool failedBeforeHttp(const QNetworkReply &reply);

// A failed reply, for every client in Kete (sign-in and FHIR), in plain words that name the host:
// sent elsewhere, TLS not verified, no answer in time, connection lost, unreachable, or the HTTP
// status (ErrorCode::Redirected ... HttpStatus). The detail starts with "transport.redirect",
// ".tls", ".timeout", ".lost", ".unreachable" or ".http-<status>" and never holds the URL's query.
Error networkError(const QNetworkReply &reply);

} // namespace kete
