#pragma once

#include <QNetworkReply>
#include <QString>

namespace kete {

// What went wrong on the way to a server, in a few plain words ("the connection was refused",
// "the server name was not found", "the secure connection (TLS) could not be set up"), for a
// message or a technical detail instead of a bare "network error 1".
QString networkErrorWords(QNetworkReply::NetworkError error);

// The words with the number, for a support ticket: "the connection was refused (network error 1)".
QString networkErrorDetail(QNetworkReply::NetworkError error);

} // namespace kete
