#pragma once

#include "common/result.h"

#include <QString>
#include <optional>

class QNetworkReply;
class QUrl;

namespace kete::smart {

// 127.0.0.1, ::1 and localhost: the only hosts Kete talks to without TLS (RFC 8252 §8.3).
bool isLoopbackHost(const QString &host);

// Refuses every URL that is not https, except http on a loopback host. Certificate errors are
// never ignored anywhere in Kete; this check is about the scheme.
std::optional<Error> checkTransport(const QUrl &url);

// A failed network reply in plain words: unreachable, TLS, or the HTTP status.
Error networkError(const QNetworkReply &reply);

// True when the reply failed before any HTTP answer (no route, refused, TLS, timeout).
bool failedBeforeHttp(const QNetworkReply &reply);

} // namespace kete::smart
