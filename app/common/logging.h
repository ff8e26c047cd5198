#pragma once

#include <QLoggingCategory>

// One category per subsystem. Enable with QT_LOGGING_RULES="kete.*.debug=true".
//
// THE RULE: secrets and health data are never logged, at any level. No access token, refresh
// token, authorization code, PKCE verifier, client secret, id_token, password or response body
// of a FHIR read reaches a log line. Log the shape (status, URL path, counts, durations), not the
// content. When a value must be mentioned, pass it through kete::redacted().
Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcAuth)
Q_DECLARE_LOGGING_CATEGORY(lcFhir)
Q_DECLARE_LOGGING_CATEGORY(lcStorage)
Q_DECLARE_LOGGING_CATEGORY(lcSandbox)
Q_DECLARE_LOGGING_CATEGORY(lcUi)

namespace kete {

// "abc…(32 chars)": enough to tell two values apart in a support report, nothing to replay.
QString redacted(QStringView secret);

// The URL without its query and fragment, which may carry a code, a state or a token.
QString loggableUrl(const class QUrl &url);

} // namespace kete
